import { HealthIndicatorService } from '@nestjs/terminus';
import { DEFAULT_SERVER_OPTIONS, EurekaServerOptions, InstanceRegistry, PeerNodeStats, PeerReplication } from '@nest-eureka/server';
import { RENEW_RATE_WINDOW_MS, ServerHealthIndicators, configuredPeerUrls } from './server-health.indicators';

describe('ServerHealthIndicators', () => {
  function create(options: Partial<EurekaServerOptions> = {}, openedMsAgo?: number, peers: Partial<PeerNodeStats>[] = []) {
    const merged = { ...DEFAULT_SERVER_OPTIONS, ...options } as EurekaServerOptions;
    // Opened `openedMsAgo` ms ago; the clock reads the real time after that.
    let shift = openedMsAgo ?? 0;
    const registry = new InstanceRegistry(merged, { now: () => Date.now() - shift });
    if (openedMsAgo !== undefined) registry.openForTraffic(0);
    shift = 0;
    const replication = { stats: () => ({ peers }) } as unknown as PeerReplication;
    /** `count` renewals now, then the registry's clock a second on: a completed second of the window. */
    const renewed = (count: number) => {
      for (let i = 0; i < count; i++) registry.renewals.renewed(Date.now() - shift);
      shift -= 1000;
    };
    return { registry, renewed, indicators: new ServerHealthIndicators(new HealthIndicatorService(), registry, replication, merged) };
  }

  it('is DOWN before the registry opens for traffic, and up but not warmed up in its first minute', () => {
    expect(create().indicators.warmup('warmup').warmup).toMatchObject({ status: 'down', openForTraffic: false, message: expect.stringMatching(/not open for traffic/) });
    expect(create({}, 1000).indicators.warmup('warmup').warmup).toMatchObject({ status: 'up', warmedUp: false, openForTraffic: true, readsAllowed: true });
    expect(create({}, RENEW_RATE_WINDOW_MS).indicators.warmup('warmup').warmup).toMatchObject({ status: 'up', warmedUp: true });
  });

  it('is DOWN while registry reads are refused after an empty start-up sync', () => {
    const { indicators } = create({ defaultOpenForTrafficCount: 0 }, 1000);
    expect(indicators.warmup('warmup').warmup).toMatchObject({ status: 'down', readsAllowed: false });
  });

  it('reports self-preservation holding back evictions as degraded, once the renewals are judged (as the dashboard banner)', () => {
    expect(create({}, 1000).indicators.selfPreservation('sp').sp).toEqual({ status: 'up', enabled: true, active: true, leaseExpirationEnabled: false });
    // The reference's wait (waitTimeInMsWhenSyncEmpty, 5 min by default) is not over after a minute.
    expect(create({}, RENEW_RATE_WINDOW_MS + 1).indicators.selfPreservation('sp').sp).toMatchObject({ status: 'up', active: true });
    // With the wait at 0, a full minute of renewals is still needed.
    expect(create({ waitTimeInMsWhenSyncEmpty: 0 }, 1000).indicators.selfPreservation('sp').sp).toMatchObject({ status: 'up', active: true });
    const { renewed, indicators } = create({ waitTimeInMsWhenSyncEmpty: 0 }, RENEW_RATE_WINDOW_MS + 1);
    expect(indicators.selfPreservation('sp').sp).toMatchObject({ status: 'degraded', active: true, message: expect.stringMatching(/not evicted/) });
    renewed(10);
    expect(indicators.selfPreservation('sp').sp).toEqual({ status: 'up', enabled: true, active: false, leaseExpirationEnabled: true });
    expect(create({ enableSelfPreservation: false, waitTimeInMsWhenSyncEmpty: 0 }, RENEW_RATE_WINDOW_MS + 1).indicators.selfPreservation('sp').sp).toMatchObject({ status: 'up', enabled: false, active: false });
  });

  it('compares the renewals per minute (over the last minute, no lease being shorter) with the threshold', () => {
    expect(create({}, RENEW_RATE_WINDOW_MS + 1).indicators.renews('renews').renews).toMatchObject({ status: 'up', belowThreshold: true });
    const { renewed, indicators } = create({ waitTimeInMsWhenSyncEmpty: 0 }, RENEW_RATE_WINDOW_MS + 1);
    // One expected client renewing every 30 s: threshold floor(1 x 2 x 0.85) = 1.
    expect(indicators.renews('renews').renews).toMatchObject({
      status: 'degraded',
      renewsPerMinute: 0,
      measuredOverSeconds: 60,
      threshold: 1,
      belowThreshold: true,
      instances: 0,
      message: '0 renewals per minute over the last 60 s, threshold 1',
    });
    renewed(2);
    expect(indicators.renews('renews').renews).toEqual({ status: 'up', renewsPerMinute: 2, measuredOverSeconds: 60, threshold: 1, belowThreshold: false, instances: 0 });
  });

  it('counts configured peers and says when replication is not configured', () => {
    expect(create().indicators.peers('peers').peers).toEqual({ status: 'up', configured: 0, replication: 'not configured' });
    const options = { peerEurekaNodeUrls: 'http://a:8761/eureka/, http://b:8761/eureka/' };
    expect(configuredPeerUrls({ ...DEFAULT_SERVER_OPTIONS, ...options })).toEqual(['http://a:8761/eureka/', 'http://b:8761/eureka/']);
    const idle = create(options, 1000, [{ url: 'http://b:8761/eureka/', reachable: false }]);
    expect(idle.indicators.peers('peers').peers).toEqual({
      status: 'up',
      configured: 2,
      peers: 1,
      reachable: 0,
      unreachable: 0,
      notContactedYet: 1,
      unreachableUrls: [],
    });
  });

  it('is degraded while replication to a peer fails, naming it', () => {
    const { indicators } = create({ peerEurekaNodeUrls: 'http://b:8761/eureka/,http://c:8761/eureka/' }, 1000, [
      { url: 'http://b:8761/eureka/', reachable: true, lastSuccessAt: Date.now() },
      { url: 'http://c:8761/eureka/', reachable: false, lastFailureAt: Date.now() },
    ]);
    expect(indicators.peers('peers').peers).toEqual({
      status: 'degraded',
      configured: 2,
      peers: 2,
      reachable: 1,
      unreachable: 1,
      notContactedYet: 0,
      unreachableUrls: ['http://c:8761/eureka/'],
      message: 'replication to http://c:8761/eureka/ failed',
    });
  });
});
