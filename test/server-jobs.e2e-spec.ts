import { SchedulerRegistry } from '@nestjs/schedule';
import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { ADAPTERS, startServer } from './support/start-server';

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(ADAPTERS)('scheduled jobs on %s', (adapter) => {
  it('the eviction timer removes expired leases (self-preservation off) and the delta shows them DELETED', async () => {
    const server = await startServer(
      adapter,
      { enableSelfPreservation: false, evictionIntervalTimerInMs: 50 },
      { manualClock: true },
    );
    try {
      for (const id of ['a', 'b']) {
        const res = await http('POST', `${server.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id }) });
        expect(res.status).toBe(204);
      }
      // Registry of 2: the per-run cap is 2 - floor(1.7) = 1, so two runs are needed.
      server.clock!.advance(91_000);
      await waitFor(() => server.registry.size === 0, 3000, 'both expired leases to be evicted');
      const delta = JSON.parse((await http('GET', `${server.eureka}/apps/delta`, { headers: { accept: 'application/json' } })).text);
      expect(delta.applications.application[0].instance.map((i: { actionType: string }) => i.actionType)).toEqual(['DELETED', 'DELETED']);
    } finally {
      await server.close();
    }
  });

  it('the read-only cache refresh timer publishes a change within its interval', async () => {
    const server = await startServer(adapter, { useReadOnlyResponseCache: true, responseCacheUpdateIntervalMs: 100 });
    try {
      const ids = async () =>
        JSON.parse((await http('GET', `${server.eureka}/apps`, { headers: { accept: 'application/json' } })).text).applications.application.length;
      expect(await ids()).toBe(0);
      await http('POST', `${server.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-1' }) });
      await waitFor(async () => (await ids()) === 1, 2000, 'the read-only tier to refresh');
    } finally {
      await server.close();
    }
  });

  it('registers every timer with SchedulerRegistry and clears them all on close', async () => {
    const server = await startServer(adapter, { useReadOnlyResponseCache: true });
    const scheduler = server.app.get(SchedulerRegistry);
    const names = [...scheduler.getIntervals(), ...scheduler.getTimeouts()].sort();
    expect(names).toEqual(
      [
        'eureka-server:delta-retention',
        'eureka-server:eviction',
        'eureka-server:renewal-threshold',
        'eureka-server:response-cache-expiry',
        'eureka-server:response-cache-refresh-align',
      ].sort(),
    );
    await server.close();
    expect([...scheduler.getIntervals(), ...scheduler.getTimeouts()]).toEqual([]);
  });
});
