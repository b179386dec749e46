import { Controller, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { ENABLE_DISCOVERY_METADATA, EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { createRegistrationApp } from '../testing/registration-app.testing';
import { DiscoveryActivation } from './discovery-activation.service';
import { EnableDiscovery } from './enable-discovery.decorator';
import { EnableDiscoveryExplorer } from './enable-discovery.explorer';

const MODULE_OPTIONS = { appName: 'orders', metadataMap: { team: 'blue' }, leaseRenewalIntervalInSeconds: 10, preferIpAddress: true };

describe('@EnableDiscovery', () => {
  it('stores its options as class metadata', () => {
    @EnableDiscovery({ appName: 'x' })
    class Decorated {}
    @EnableDiscovery()
    class Bare {}
    expect(new Reflector().get(ENABLE_DISCOVERY_METADATA, Decorated)).toEqual({ appName: 'x' });
    expect(new Reflector().get(ENABLE_DISCOVERY_METADATA, Bare)).toEqual({});
  });

  it('is found on the application module class, its options merged over the module options', async () => {
    const { app, moduleClass } = await createRegistrationApp({
      options: MODULE_OPTIONS,
      moduleDecorators: [EnableDiscovery({ appName: 'billing', leaseRenewalIntervalInSeconds: 5, metadataMap: { tier: 'gold' } })],
    });
    const options = app.get<EurekaClientOptions>(EUREKA_CLIENT_OPTIONS);
    expect(options).toMatchObject({
      appName: 'billing',
      leaseRenewalIntervalInSeconds: 5,
      metadataMap: { team: 'blue', tier: 'gold' }, // metadata from both layers adds up
      preferIpAddress: true,
      fetchRegistry: false,
      leaseExpirationDurationInSeconds: 90,
    });
    const activation = app.get(DiscoveryActivation);
    expect(activation.registrationEnabled).toBe(true);
    expect(activation.enabledBy).toBe(moduleClass.name);
    expect(app.get(EnableDiscoveryExplorer).find()?.target).toBe(moduleClass);
    await app.close();
  });

  it('is found on a provider and on a controller class', async () => {
    @EnableDiscovery({ appName: 'from-provider' })
    @Injectable()
    class PaymentsService {}
    @EnableDiscovery({ appName: 'from-controller' })
    @Controller()
    class PaymentsController {}

    const viaProvider = await createRegistrationApp({ options: MODULE_OPTIONS, providers: [PaymentsService] });
    expect(viaProvider.app.get<EurekaClientOptions>(EUREKA_CLIENT_OPTIONS).appName).toBe('from-provider');
    expect(viaProvider.app.get(DiscoveryActivation).enabledBy).toBe('PaymentsService');
    await viaProvider.app.close();

    const viaController = await createRegistrationApp({ options: MODULE_OPTIONS, controllers: [PaymentsController] });
    expect(viaController.app.get<EurekaClientOptions>(EUREKA_CLIENT_OPTIONS).appName).toBe('from-controller');
    await viaController.app.close();
  });

  it('is not required: without it the module options apply and registration is off', async () => {
    const { app } = await createRegistrationApp({ options: MODULE_OPTIONS });
    expect(app.get<EurekaClientOptions>(EUREKA_CLIENT_OPTIONS).appName).toBe('orders');
    expect(app.get(DiscoveryActivation)).toMatchObject({ registrationEnabled: false, enabledBy: undefined });
    await app.close();
  });

  it('is off with registerWithEureka false, in the module or the decorator options', async () => {
    for (const spec of [
      { options: { ...MODULE_OPTIONS, registerWithEureka: false }, moduleDecorators: [EnableDiscovery()] },
      { options: MODULE_OPTIONS, moduleDecorators: [EnableDiscovery({ registerWithEureka: false })] },
    ]) {
      const { app } = await createRegistrationApp(spec);
      expect(app.get(DiscoveryActivation).registrationEnabled).toBe(false);
      await app.close();
    }
  });

  it('fails at start naming both classes when two carry different options', async () => {
    @EnableDiscovery({ appName: 'payments' })
    @Injectable()
    class PaymentsService {}
    await expect(
      createRegistrationApp({ options: MODULE_OPTIONS, moduleDecorators: [EnableDiscovery({ appName: 'orders' })], providers: [PaymentsService] }),
    ).rejects.toThrow(/@EnableDiscovery is declared on both TestAppModule and PaymentsService with different options/);
  });

  it('accepts the same options on several classes, whatever the key order', async () => {
    @EnableDiscovery({ metadataMap: { b: '2', a: '1' }, appName: 'same' })
    @Injectable()
    class One {}
    @EnableDiscovery({ appName: 'same', metadataMap: { a: '1', b: '2' } })
    @Injectable()
    class Two {}
    const { app } = await createRegistrationApp({ options: MODULE_OPTIONS, providers: [One, Two] });
    expect(app.get<EurekaClientOptions>(EUREKA_CLIENT_OPTIONS).appName).toBe('same');
    expect(app.get(DiscoveryActivation).enabledBy).toBe('One');
    await app.close();
  });

  it('reports unknown options of the decorator at start', async () => {
    await expect(
      createRegistrationApp({ options: MODULE_OPTIONS, moduleDecorators: [EnableDiscovery({ appname: 'typo' } as never)] }),
    ).rejects.toThrow(/unknown option "appname"/);
  });
});
