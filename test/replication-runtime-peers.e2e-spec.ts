import { PeerReplication } from '@nest-eureka/server';
import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { waitFor } from './support/start-client';
import { RunningServer, startServer } from './support/start-server';

describe('peer list changed at run time (PeerReplication.updatePeers)', () => {
  let a: RunningServer;
  let b: RunningServer;
  beforeEach(async () => {
    [a, b] = await Promise.all([startServer('fastify'), startServer('express')]);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('starts replicating to an added peer, skips its own URL, and stops for a removed one', async () => {
    const replication = a.app.get(PeerReplication);
    expect(replication.peers).toHaveLength(0);
    replication.updatePeers(`${a.eureka}/,${b.eureka}/`);
    expect(replication.peers.map((p) => p.displayUrl)).toEqual([`${b.eureka}/`]);

    await http('POST', `${a.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-1' }) });
    await waitFor(() => b.registry.getVisibleLease('ORDERS', 'o-1') !== undefined, 3000, 'replication to B');
    const stats = JSON.parse((await http('GET', `${a.eureka}/peerreplication/stats`)).text);
    expect(stats.peers[0]).toMatchObject({ url: `${b.eureka}/`, reachable: true, sentItems: 1, queued: 0 });
    expect(JSON.parse((await http('GET', `${b.eureka}/peerreplication/stats`)).text).received).toEqual({ batches: 1, items: 1 });

    replication.updatePeers('');
    expect(replication.peers).toHaveLength(0);
    await http('POST', `${a.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-2' }) });
    await new Promise((r) => setTimeout(r, 800));
    expect(b.registry.getVisibleLease('ORDERS', 'o-2')).toBeUndefined();
  });

  it('/status lists the replica without credentials and says whether it is available', async () => {
    const credentialed = b.eureka.replace('http://', 'http://peer:s3cret@');
    a.app.get(PeerReplication).updatePeers(`${credentialed}/`);
    await http('POST', `${a.eureka}/apps/ORDERS`, { headers: JSON_HEADERS, body: jsonRegistration({ app: 'ORDERS', id: 'o-1' }) });
    await waitFor(() => b.registry.getVisibleLease('ORDERS', 'o-1') !== undefined, 3000, 'replication to B');
    const status = await http('GET', `${a.eureka}/status`, { headers: { accept: 'application/json' } });
    expect(status.text).not.toContain('s3cret');
    const stats = JSON.parse(status.text).applicationStats;
    expect(stats['registered-replicas']).toBe(`${b.eureka}/`);
    expect(stats['available-replicas']).toBe(`${b.eureka}/,`);
    expect(stats['unavailable-replicas']).toBe('');
  });
});
