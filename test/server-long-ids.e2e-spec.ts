/**
 * Ids and app names longer than a router's default path-parameter limit (Fastify: 100): what
 * registration admits (`maxFieldLength`) must work on every route, or an instance registers, gets
 * 414 on every heartbeat and is evicted. Kubernetes host names make such ids real.
 */
import { join, resolve } from 'node:path';
import { http } from './support/http-client';
import { freePorts, pollUntil, spawnNode, stopProcess, tail } from './support/processes';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

// A bound for a test that starts a real server process; on a loaded machine that takes seconds. The
// waits inside have their own bounds (request timeouts, polls that fail when the process exits).
jest.setTimeout(120_000);

const POD_ID = `orders-7d9f8c6b5-x2x9z.orders-headless.payments-production.svc.cluster.local:${'orders-service-with-a-long-name'}:8080`;
const LONG_APP = `ORDERS-${'X'.repeat(140)}`;

/** Every route that takes an app name and an id, in the order a client's life uses them. */
async function exerciseEveryRoute(eureka: string, app: string, id: string): Promise<Record<string, number>> {
  const at = `${eureka}/apps/${encodeURIComponent(app)}/${encodeURIComponent(id)}`;
  const json = { Accept: 'application/json' };
  return {
    register: (await http('POST', `${eureka}/apps/${encodeURIComponent(app)}`, { headers: JSON_HEADERS, body: jsonRegistration({ app, id }) })).status,
    get: (await http('GET', at, { headers: json })).status,
    getApp: (await http('GET', `${eureka}/apps/${encodeURIComponent(app)}`, { headers: json })).status,
    byId: (await http('GET', `${eureka}/instances/${encodeURIComponent(id)}`, { headers: json })).status,
    heartbeat: (await http('PUT', at)).status,
    status: (await http('PUT', `${at}/status?value=OUT_OF_SERVICE`)).status,
    clearStatus: (await http('DELETE', `${at}/status`)).status,
    metadata: (await http('PUT', `${at}/metadata?zone=z1`)).status,
    cancel: (await http('DELETE', at)).status,
  };
}

const EXPECTED = { register: 204, get: 200, getApp: 200, byId: 200, heartbeat: 200, status: 200, clearStatus: 200, metadata: 200, cancel: 200 };

describe.each(ADAPTERS)('ids and app names over 100 characters (%s, created as the README says)', (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter);
  });
  afterAll(async () => {
    await server?.close();
  });

  it(`works on every route for a ${POD_ID.length}-character id`, async () => {
    expect(POD_ID.length).toBeGreaterThan(100);
    expect(await exerciseEveryRoute(server.eureka, 'ORDERS', POD_ID)).toEqual(EXPECTED);
  });

  it(`works on every route for a ${LONG_APP.length}-character app name`, async () => {
    expect(await exerciseEveryRoute(server.eureka, LONG_APP, 'o-1')).toEqual(EXPECTED);
  });

  it('works near maxFieldLength, percent-encoded', async () => {
    // 4000 characters, half of them 6 bytes on the wire; the body's host name and URLs, built from the
    // id, stay within maxFieldLength (4096).
    const id = `${'é'.repeat(2000)}:${'a'.repeat(1999)}`;
    expect(id.length).toBe(4000);
    expect(await exerciseEveryRoute(server.eureka, 'ORDERS', id)).toEqual(EXPECTED);
  });
});

describe('ids over 100 characters on the built standalone server', () => {
  it('registers, renews and cancels', async () => {
    const [port] = await freePorts(1);
    const root = resolve(__dirname, '..');
    const server = spawnNode('server', [join(root, 'apps', 'eureka-server', 'dist', 'main.js')], {
      cwd: root,
      env: { PORT: String(port), HOST: '127.0.0.1' },
    });
    try {
      const eureka = `http://127.0.0.1:${port}/eureka`;
      await pollUntil('the server to answer', async () => (await http('GET', `${eureka}/apps`)).status === 200, 60_000).catch((e: Error) => {
        throw new Error(e.message + tail(server));
      });
      expect(await exerciseEveryRoute(eureka, 'ORDERS', POD_ID)).toEqual(EXPECTED);
    } finally {
      await stopProcess(server);
    }
  });
});
