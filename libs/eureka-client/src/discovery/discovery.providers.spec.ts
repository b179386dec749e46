import { Controller, Injectable, Logger } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { Applications } from '@nest-eureka/protocol';
import { sampleInstance } from '@nest-eureka/protocol/testing';
import { resolveClientOptions } from '../config/resolve-client-options';
import { EUREKA_CLIENT_OPTIONS, EUREKA_CLIENT_TIMERS } from '../eureka-client.constants';
import { EurekaHttpService } from '../http/eureka-http.service';
import { EurekaTransport, HeartbeatResult } from '../transport/eureka-transport';
import { HttpEurekaTransport } from '../transport/http-eureka.transport';
import { closedPortUrl } from '../../../../test/support/stub-server';
import { ApplicationsChangedEvent } from './applications-changed.event';
import { DiscoveryClient } from './discovery-client';
import { DISCOVERY_PROVIDERS } from '../discovery.providers';
import { OnApplicationsChanged } from './on-applications-changed.decorator';
import { RegistryFetcher } from './registry-fetcher';

const registry = (ids: string[]): Applications => ({
  versionDelta: '1',
  appsHashCode: ids.length ? `UP_${ids.length}_` : '',
  applications: ids.length ? [{ name: 'ORDERS', instances: ids.map((id) => sampleInstance({ instanceId: id })) }] : [],
});

class FakeTransport extends EurekaTransport {
  doc = registry(['o1']);
  readonly currentServer = undefined;
  register = async () => undefined;
  sendHeartbeat = async (): Promise<HeartbeatResult> => 'ok';
  cancel = async () => undefined;
  fetchApplications = async () => this.doc;
  fetchDelta = async () => undefined;
}

@Injectable()
class OrdersListener {
  events: ApplicationsChangedEvent[] = [];
  @OnApplicationsChanged('orders')
  onOrders(event: ApplicationsChangedEvent) {
    this.events.push(event);
  }
  @OnApplicationsChanged('billing')
  onBilling() {
    throw new Error('must not be called');
  }
}

@Controller()
class AnyListener {
  static calls = 0;
  @OnApplicationsChanged()
  onAny() {
    AnyListener.calls++;
    throw new Error('handler failure is only logged');
  }
}

describe('DISCOVERY_PROVIDERS in a Nest application', () => {
  beforeEach(() => {
    for (const level of ['log', 'warn', 'debug', 'error'] as const) jest.spyOn(Logger.prototype, level).mockImplementation();
  });
  afterEach(() => jest.restoreAllMocks());

  async function start(overrideTransport: boolean) {
    const serviceUrl = `${await closedPortUrl()}/eureka/`;
    const options = resolveClientOptions({ appName: 'me', serviceUrl, registryFetchIntervalSeconds: 60 });
    let builder = Test.createTestingModule({
      imports: [DiscoveryModule, ScheduleModule.forRoot()],
      controllers: [AnyListener],
      providers: [{ provide: EUREKA_CLIENT_OPTIONS, useValue: options }, ...DISCOVERY_PROVIDERS, OrdersListener],
    });
    const fake = new FakeTransport();
    if (overrideTransport) builder = builder.overrideProvider(EurekaTransport).useValue(fake);
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    return { app, fake, serviceUrl };
  }

  it('provides an HttpEurekaTransport built from the options', async () => {
    const { app, serviceUrl } = await start(false);
    try {
      const transport = app.get(EurekaTransport);
      expect(transport).toBeInstanceOf(HttpEurekaTransport);
      expect((transport as HttpEurekaTransport).endpoints).toEqual([{ url: serviceUrl }]);
      expect(app.get(EurekaHttpService)).toBeInstanceOf(EurekaHttpService);
    } finally {
      await app.close();
    }
  });

  it('fetches at bootstrap, calls @OnApplicationsChanged handlers, and clears its timer on close', async () => {
    const { app, fake } = await start(true);
    const listener = app.get(OrdersListener);
    const client = app.get(DiscoveryClient);
    const fetcher = app.get(RegistryFetcher);
    const scheduler = app.get(SchedulerRegistry);
    const streamed: string[][] = [];
    client.applicationsChanged$.subscribe((e) => streamed.push(e.apps));

    expect(fetcher.fullFetchCount).toBe(1);
    expect(client.getInstancesByAppId('orders').map((i) => i.instanceId)).toEqual(['o1']);
    expect(listener.events.map((e) => e.apps)).toEqual([['ORDERS']]);
    expect(AnyListener.calls).toBe(1);
    expect(scheduler.doesExist('timeout', EUREKA_CLIENT_TIMERS.registryFetch)).toBe(true);

    fake.doc = registry(['o1', 'o2']);
    await fetcher.refresh();
    expect(listener.events[1].applications[0].instances.map((i) => i.instanceId)).toEqual(['o1', 'o2']);
    expect(streamed).toEqual([['ORDERS']]);
    expect(AnyListener.calls).toBe(2);

    await app.close();
    expect(scheduler.getTimeouts()).toEqual([]);
  });
});
