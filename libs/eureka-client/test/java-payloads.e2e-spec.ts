import { Logger } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import { InstanceInfo } from '@nest-eureka/protocol';
import { readFixture } from '../../../test/support/java-fixtures';
import { DiscoveryApp, startDiscoveryApp } from '../src/testing/discovery-app.testing';
import { RegistryCache } from '../src/discovery/registry-cache';
import { StubServer, startStubServer } from '../../../test/support/stub-server';

/**
 * The client reading registries written by the real Java codecs, as foreign servers would serve
 * them: a plain node:http stub (not our registry) answers GET /eureka/apps/ and /eureka/apps/delta
 * with the files from libs/eureka-protocol/fixtures/java-encoded.
 */
const CODECS = ['legacy.json', 'cloud.json', 'spring-rest.json', 'xstream.xml', 'xstream.json', 'jackson.json', 'jackson.xml', 'jackson-mini.json', 'jackson-mini.xml'];
const VARIANTS = [
  { gzip: false, charset: false },
  { gzip: true, charset: false },
  { gzip: false, charset: true },
  { gzip: true, charset: true },
];
const FULL_HASH = 'DOWN_1_OUT_OF_SERVICE_1_UP_2_';
const AFTER_DELTA_HASH = 'OUT_OF_SERVICE_1_UP_2_';

interface Served {
  full: string;
  delta: string;
  gzip: boolean;
  charset: boolean;
}

function serve(stub: StubServer, codec: string, served: Served): void {
  const xml = codec.endsWith('.xml');
  stub.handler = (req, res) => {
    const path = req.url.split('?')[0];
    const body = path === '/eureka/apps/' ? served.full : path === '/eureka/apps/delta' ? served.delta : undefined;
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': `${xml ? 'application/xml' : 'application/json'}${served.charset ? ';charset=UTF-8' : ''}`,
    };
    if (served.gzip && String(req.headers['accept-encoding']).includes('gzip')) headers['Content-Encoding'] = 'gzip';
    res.writeHead(200, headers).end(headers['Content-Encoding'] ? gzipSync(body) : body);
  };
}

const idsOf = (list: readonly InstanceInfo[]) => list.map((i) => i.instanceId ?? i.hostName).sort();
const count = (stub: StubServer, path: string) => stub.requests.filter((r) => r.url === path).length;

describe('eureka client reading Java-encoded registries', () => {
  let stub: StubServer;
  let client: DiscoveryApp | undefined;

  beforeAll(async () => {
    stub = await startStubServer();
  });
  afterAll(async () => {
    await stub.close();
  });
  beforeEach(() => {
    stub.requests.length = 0;
    jest.spyOn(Logger.prototype, 'debug').mockImplementation();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    jest.restoreAllMocks();
  });

  const start = () => startDiscoveryApp({ serviceUrl: `${stub.url}/eureka/` });

  describe.each(CODECS)('%s', (codec) => {
    const full = readFixture(`applications.full.${codec}`);
    const delta = readFixture(`delta.${codec}`);

    it.each(VARIANTS)('full fetch (gzip=$gzip, charset=$charset): every instance, filtered views drop non-UP', async ({ gzip, charset }) => {
      serve(stub, codec, { full, delta, gzip, charset });
      client = await start();
      const { client: discovery, fetcher } = client;
      expect(fetcher.fullFetchCount).toBe(1);
      expect(stub.requests[0].headers['accept']).toBe('application/json');
      expect(discovery.hasApplication('orders') && discovery.hasApplication('Payments')).toBe(true);

      // Every instance, whatever its status, is reachable by id.
      const orders1 = discovery.getInstance('orders-1.internal:orders:8080');
      const orders2 = discovery.getInstance('orders-2.internal:orders:8080');
      const amazon = discovery.getInstance('i-0abc1234');
      const payments2 = discovery.getInstance('payments-2.internal');
      expect([orders1?.status, orders2?.status, amazon?.status, payments2?.status]).toEqual(['UP', 'OUT_OF_SERVICE', 'UP', 'DOWN']);
      expect([orders1?.app, amazon?.app]).toEqual(['ORDERS', 'PAYMENTS']);
      expect(orders1?.port).toEqual({ port: 8080, enabled: true });
      expect(orders2?.securePort).toEqual({ port: 8443, enabled: true });
      expect(amazon?.port).toEqual({ port: 7001, enabled: true });
      expect(payments2?.port).toEqual({ port: 7001, enabled: false });
      expect(payments2?.securePort).toEqual({ port: 7443, enabled: true });

      // Caller views: UP only.
      expect(discovery.getApplications().map((a) => [a.name, idsOf(a.instances)])).toEqual([
        ['ORDERS', ['orders-1.internal:orders:8080']],
        ['PAYMENTS', ['i-0abc1234']],
      ]);
      expect(idsOf(discovery.getInstancesByVipAddress('payments-alt'))).toEqual([]);
      expect(idsOf(discovery.getInstancesByVipAddress('PAYMENTS'))).toEqual(['i-0abc1234']);
      expect(discovery.choose('orders')?.hostName).toBe('orders-1.internal');
    });

    it('applies the delta on top of the full registry: the right set of instances', async () => {
      serve(stub, codec, { full, delta, gzip: true, charset: true });
      client = await start();
      const cache = new RegistryCache({ filterOnlyUpInstances: false });
      cache.replace(await client.transport.fetchApplications());
      const decodedDelta = await client.transport.fetchDelta();
      expect(decodedDelta).toBeDefined();
      cache.applyDelta(decodedDelta!);
      expect(idsOf(cache.view.allApplications.flatMap((a) => a.instances))).toEqual([
        'i-0abc1234',
        'orders-1.internal:orders:8080',
        'orders-2.internal:orders:8080',
      ]);
      expect(cache.hashCode).toBe(AFTER_DELTA_HASH);
    });

    it('a delta whose hash matches is applied without a full fetch', async () => {
      if (!delta.includes(FULL_HASH)) {
        expect(codec).toBe('spring-rest.json'); // the Spring REST mapper writes no hash at all
        return;
      }
      serve(stub, codec, { full, delta: delta.replace(FULL_HASH, AFTER_DELTA_HASH), gzip: false, charset: true });
      client = await start();
      await client.fetcher.refresh();
      expect(count(stub, '/eureka/apps/')).toBe(1);
      expect(count(stub, '/eureka/apps/delta')).toBe(1);
      expect(client.fetcher.fullFetchCount).toBe(1);
      expect(client.client.getInstance('payments-2.internal')).toBeUndefined();
      expect(idsOf(client.client.getInstancesByAppId('payments'))).toEqual(['i-0abc1234']);
    });

    it('a hash mismatch after the delta triggers exactly one full fetch', async () => {
      // The Java delta carries the hash of the registry before payments-2 was deleted: a mismatch.
      serve(stub, codec, { full, delta, gzip: true, charset: false });
      client = await start();
      await client.fetcher.refresh();
      expect(count(stub, '/eureka/apps/')).toBe(2);
      expect(count(stub, '/eureka/apps/delta')).toBe(1);
      expect([client.fetcher.fullFetchCount, client.fetcher.deltaFetchCount, client.fetcher.fetchCount]).toEqual([2, 1, 2]);
      // The full registry (served again) is the truth: payments-2 is back.
      expect(client.client.getInstance('payments-2.internal')?.status).toBe('DOWN');
    });
  });
});
