import { InstanceStatus } from '@nest-eureka/protocol';
import { instance, newRegistry } from '../registry/testing/instance.fixture';
import { crossOriginRefusal, performDashboardAction } from './dashboard.actions';

describe('performDashboardAction', () => {
  it('runs each action as the REST twin would, as a non-replicated write on the change stream', () => {
    const { registry } = newRegistry();
    const changes: string[] = [];
    registry.onChange((c) => changes.push(`${c.kind}:${c.isReplication}`));
    registry.register(instance('ORDERS', 'orders-1'), false);

    expect(performDashboardAction(registry, 'out-of-service', 'ORDERS', 'orders-1')).toMatchObject({ ok: true, code: 200 });
    expect(registry.leasesOf('ORDERS')!.get('orders-1')!.holder.status).toBe(InstanceStatus.OUT_OF_SERVICE);
    expect(registry.overrideOf('ORDERS', 'orders-1')).toBe(InstanceStatus.OUT_OF_SERVICE);

    expect(performDashboardAction(registry, 'clear-override', 'ORDERS', 'orders-1')).toMatchObject({ ok: true });
    expect(registry.overrideOf('ORDERS', 'orders-1')).toBeUndefined();
    expect(registry.leasesOf('ORDERS')!.get('orders-1')!.holder.status).toBe(InstanceStatus.UNKNOWN);

    expect(performDashboardAction(registry, 'deregister', 'ORDERS', 'orders-1')).toMatchObject({ ok: true });
    expect(registry.leasesOf('ORDERS')).toBeUndefined();
    expect(changes).toEqual(['registered:false', 'status-changed:false', 'override-removed:false', 'cancelled:false']);
  });

  it('answers 404 for an unknown instance', () => {
    const { registry } = newRegistry();
    for (const action of ['out-of-service', 'clear-override', 'deregister'] as const) {
      expect(performDashboardAction(registry, action, 'NOPE', 'x')).toMatchObject({ ok: false, code: 404 });
    }
  });
});

describe('crossOriginRefusal', () => {
  it.each([
    [{}, undefined],
    [{ 'sec-fetch-site': 'same-origin', origin: 'http://evil' }, undefined],
    [{ 'sec-fetch-site': 'none' }, undefined],
    [{ origin: 'http://127.0.0.1:8761', host: '127.0.0.1:8761' }, undefined],
    [{ origin: 'http://Registry.local', host: 'registry.local:80' }, undefined],
    [{ origin: 'https://registry.local', host: 'registry.local' }, undefined],
  ])('lets %p through', (headers, expected) => {
    expect(crossOriginRefusal(headers)).toBe(expected);
  });

  it.each([
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
    [{ origin: 'http://evil.example', host: '127.0.0.1:8761' }],
    [{ origin: 'http://127.0.0.1:9999', host: '127.0.0.1:8761' }],
    [{ origin: 'null', host: '127.0.0.1:8761' }],
  ])('refuses %p', (headers) => {
    expect(crossOriginRefusal(headers)).toMatch(/cross-site request refused/);
  });
});
