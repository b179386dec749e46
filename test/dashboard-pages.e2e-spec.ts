/**
 * The dashboard over real HTTP on both adapters (no browser): Spring's blocks, the filter, the
 * instance view, the JSON endpoints, the actions (JSON and form, confirmation, cross-site refusal,
 * no GET side effects), escaping of hostile registry values, the self-preservation banners,
 * the replicas block with credentials removed, and the `dashboardPath` / `dashboardEnabled` options.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { EUREKA_SERVER_OPTIONS, EurekaServerModule } from '@nest-eureka/server';
import { HOSTILE, HOSTILE_ID, LANDSCAPE, heartbeat, register } from './support/dashboard-fixtures';
import { http, HttpResponse } from './support/http-client';
import { freePort } from './support/ports';
import { ADAPTERS, RunningServer, startServer } from './support/start-server';

jest.setTimeout(30_000);

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_BODY = { 'content-type': 'application/json', accept: 'application/json' };

function json(res: HttpResponse): any {
  return JSON.parse(res.text);
}

/** The rows of the instances table, keyed by application (tags stripped). */
function instanceRows(page: string): Record<string, string> {
  const table = page.slice(page.indexOf('<table class="stack" id="instances">'));
  const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
  const rows: Record<string, string> = {};
  for (const row of body.split('<tr>').slice(1)) {
    const name = /<th scope="row"><b>([^<]*)<\/b>/.exec(row)?.[1] ?? '?';
    rows[name] = row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  }
  return rows;
}

describe.each(ADAPTERS)('dashboard pages on %s', (adapter) => {
  let server: RunningServer;

  beforeEach(async () => {
    server = await startServer(adapter, { waitTimeInMsWhenSyncEmpty: 0 });
  });
  afterEach(() => server?.close());

  it("serves Spring's blocks at / on an empty registry, with a locked-down policy", async () => {
    const res = await http('GET', `${server.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    for (const heading of ['System Status', 'DS Replicas', 'Instances currently registered with Eureka', 'General Info', 'Instance Info']) {
      expect(res.text).toContain(`>${heading}</h2>`);
    }
    for (const label of ['Environment', 'Data center', 'Current time', 'Uptime', 'Lease expiration enabled', 'Renews threshold', 'Renews (last min)']) {
      expect(res.text).toContain(`<th scope="row">${label}</th>`);
    }
    expect(res.text).toMatch(/<th scope="row">Current time<\/th><td>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d [+-]\d{4}<\/td>/);
    expect(res.text).toContain('<td colspan="4">No instances available</td>');
    for (const key of ['server-uptime', 'environment', 'num-of-cpus', 'total-avail-memory', 'current-memory-usage', 'registered-replicas', 'available-replicas', 'unavailable-replicas']) {
      expect(res.text).toContain(`<th scope="row">${key}</th>`);
    }
    expect(res.text).toContain('<th scope="row">ipAddr</th>');
    // No CDN, no inline script: everything comes from the module itself.
    expect(res.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"]*\.(js|css)/);
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(res.text).not.toMatch(/ style="/);
  });

  it('lists applications sorted, with AMIs, zones and status groups; non-UP in red; status pages linked', async () => {
    for (const i of LANDSCAPE) await register(server.eureka, i);
    const page = (await http('GET', `${server.baseUrl}/`)).text;
    const rows = instanceRows(page);
    expect(Object.keys(rows)).toEqual(['GATEWAY', 'INVENTORY', 'ORDERS', 'PAYMENTS']);
    expect(rows.ORDERS).toContain('n/a (3)');
    expect(rows.ORDERS).toContain('zone-a (2), zone-b (1)');
    expect(rows.ORDERS).toMatch(/UP \(2\) - orders-1 details , orders-2 details/);
    expect(rows.ORDERS).toMatch(/STARTING \(1\) - orders-3 details/);
    expect(rows.INVENTORY).toContain('ami-0abc1234 (1)');
    expect(rows.INVENTORY).toContain('eu-west-1a (1)');
    expect(page).toMatch(/<div class="status-group not-up"><span class="status-name">DOWN<\/span> <span class="status-count">\(1\)<\/span>/);
    expect(page).toMatch(/<div class="status-group"><span class="status-name">UP<\/span>/);
    expect(page).toContain('<a href="http://orders.example.internal:8080/actuator/info" target="_blank" rel="noopener noreferrer"');
    expect(page).toContain('href="/dashboard/instance/ORDERS/orders-1"');
    expect(page).toContain('4 application(s), 7 instance(s) (UP 5, DOWN 1, STARTING 1)');
  });

  it('filters by text (app, id, host, IP), status, "not UP" and zone, as HTML and as JSON', async () => {
    for (const i of LANDSCAPE) await register(server.eureka, i);
    await register(server.eureka, { app: 'NOZONE', id: 'nozone-1' });
    const apps = async (query: string) => Object.keys(instanceRows((await http('GET', `${server.baseUrl}/?${query}`)).text));
    expect(await apps('q=pay')).toEqual(['PAYMENTS']);
    expect(await apps('q=ORDERS-3')).toEqual(['ORDERS']);
    expect(await apps('q=10.0.3.31')).toEqual(['INVENTORY']);
    expect(await apps('status=DOWN')).toEqual(['PAYMENTS']);
    expect(await apps('status=not_up')).toEqual(['ORDERS', 'PAYMENTS']);
    expect(await apps('zone=zone-b')).toEqual(['GATEWAY', 'ORDERS', 'PAYMENTS']);
    expect(await apps('zone=-')).toEqual(['NOZONE']);
    expect(await apps('q=orders&status=UP&zone=zone-a')).toEqual(['ORDERS']);
    const none = (await http('GET', `${server.baseUrl}/?q=nothing-matches`)).text;
    expect(none).toContain('No instances match the filter.');
    expect(none).toContain('value="nothing-matches"');

    const overview = json(await http('GET', `${server.baseUrl}/dashboard/api/overview?status=NOT_UP`));
    expect(overview.filter).toMatchObject({ status: 'NOT_UP', q: '', zone: '' });
    expect(overview.applications.map((a: { name: string }) => a.name)).toEqual(['ORDERS', 'PAYMENTS']);
    expect(overview.totals).toMatchObject({ applications: 5, instances: 8, matchingInstances: 2, truncated: false });
    expect(overview.zones).toEqual(['', 'eu-west-1a', 'zone-a', 'zone-b']);
  });

  it('bounds the instance ids listed (page and JSON) while counts stay complete', async () => {
    for (const i of LANDSCAPE) await register(server.eureka, i);
    const overview = json(await http('GET', `${server.baseUrl}/dashboard/api/overview?limit=2`));
    expect(overview.totals).toMatchObject({ matchingInstances: 7, listedInstances: 2, truncated: true });
    const listed = overview.applications.flatMap((a: any) => a.groups.flatMap((g: any) => g.instances));
    expect(listed).toHaveLength(2);
    expect(overview.applications.flatMap((a: any) => a.groups).reduce((n: number, g: any) => n + g.count, 0)).toBe(7);
    expect(json(await http('GET', `${server.baseUrl}/dashboard/api/overview?limit=999999`)).filter.limit).toBe(10_000);
    const page = (await http('GET', `${server.baseUrl}/?limit=2`)).text;
    expect(page).toContain('Listing the first 2 of 7 matching instances');
  });

  it('shows one instance with all fields, metadata, lease times and override (HTML and JSON); 404 when unknown', async () => {
    await register(server.eureka, LANDSCAPE[0]);
    expect(await heartbeat(server.eureka, 'ORDERS', 'orders-1')).toBe(200);
    const page = await http('GET', `${server.baseUrl}/dashboard/instance/orders/orders-1`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Instance <span class="mono">orders-1</span></h1>');
    expect(page.text).toMatch(/<td id="last-heartbeat">\d{4}-[^<]* \(\d+ s ago\)<\/td>/);
    expect(page.text).toContain('<th scope="row" class="mono">version</th><td class="mono">1.4.2</td>');
    expect(page.text).toContain('<th scope="row">ipAddr</th><td>10.0.1.11</td>');
    expect(page.text).toContain('<td id="instance-override">none</td>');
    expect(page.text).toContain('These actions are open to anyone who can reach this page');

    const view = json(await http('GET', `${server.baseUrl}/dashboard/api/instance/ORDERS/orders-1`));
    expect(view).toMatchObject({ app: 'ORDERS', id: 'orders-1', status: 'UP', statusOverride: null, zone: 'zone-a' });
    expect(view.lease.lastHeartbeat.at).toBeLessThanOrEqual(Date.now());
    expect(view.lease.lastHeartbeat.at).toBeGreaterThan(Date.now() - 10_000);
    expect(view.lease.lastRenewalTimestampOnWire).toBe(view.lease.lastHeartbeat.at + 90_000);
    expect(view.metadata).toEqual([{ name: 'version', value: '1.4.2' }, { name: 'zone', value: 'zone-a' }]);

    const missing = await http('GET', `${server.baseUrl}/dashboard/instance/ORDERS/nope`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Instance not found');
    expect((await http('GET', `${server.baseUrl}/dashboard/api/instance/ORDERS/nope`)).status).toBe(404);
  });

  it('serves ids with reserved characters through encoded links', async () => {
    await register(server.eureka, { app: 'ODD', id: 'host:odd:8080/a b?c#d' });
    const page = (await http('GET', `${server.baseUrl}/`)).text;
    const href = /href="(\/dashboard\/instance\/ODD\/[^"]+)"/.exec(page)![1];
    expect(href).toBe('/dashboard/instance/ODD/host%3Aodd%3A8080%2Fa%20b%3Fc%23d');
    const detail = await http('GET', `${server.baseUrl}${href}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('<h1>Instance <span class="mono">host:odd:8080/a b?c#d</span></h1>');
  });

  it("lists the last registered and cancelled leases newest first (Spring's /lastn), as HTML and JSON", async () => {
    await register(server.eureka, LANDSCAPE[0]);
    await register(server.eureka, LANDSCAPE[3]);
    expect((await http('DELETE', `${server.eureka}/apps/ORDERS/orders-1`)).status).toBe(200);
    const page = (await http('GET', `${server.baseUrl}/lastn`)).text;
    expect(page).toContain('>Last 1000 cancelled leases</h2>');
    expect(page).toContain('>Last 1000 newly registered leases</h2>');
    const registered = page.slice(page.indexOf('id="registered"'));
    expect(registered.indexOf('PAYMENTS(payments-1)')).toBeLessThan(registered.indexOf('ORDERS(orders-1)'));
    const lastn = json(await http('GET', `${server.baseUrl}/dashboard/api/lastn`));
    expect(lastn.cancelled.map((e: { lease: string }) => e.lease)).toEqual(['ORDERS(orders-1)']);
    expect(lastn.registered.map((e: { lease: string }) => e.lease)).toEqual(['PAYMENTS(payments-1)', 'ORDERS(orders-1)']);
  });

  it('performs the actions over JSON and the registry (and the REST API) shows the change', async () => {
    await register(server.eureka, LANDSCAPE[0]);
    const base = `${server.baseUrl}/dashboard/actions/ORDERS/orders-1`;
    const oos = await http('POST', `${base}/out-of-service`, { headers: JSON_BODY, body: '{}' });
    expect(oos.status).toBe(200);
    expect(json(oos)).toMatchObject({ ok: true, action: 'out-of-service', status: 'OUT_OF_SERVICE' });
    const rest = await http('GET', `${server.eureka}/apps/ORDERS/orders-1`, { headers: { accept: 'application/json' } });
    expect(JSON.parse(rest.text).instance).toMatchObject({ status: 'OUT_OF_SERVICE', overriddenStatus: 'OUT_OF_SERVICE' });
    expect(server.registry.overrideOf('ORDERS', 'orders-1')).toBe('OUT_OF_SERVICE');

    const clear = await http('POST', `${base}/clear-override`, { headers: JSON_BODY, body: '{}' });
    expect(json(clear)).toMatchObject({ ok: true, status: 'UNKNOWN' });
    expect(server.registry.overrideOf('ORDERS', 'orders-1')).toBeUndefined();

    // Without a body or content type (curl -X POST) works too.
    const gone = await http('POST', `${base}/deregister`);
    expect(json(gone)).toMatchObject({ ok: true, action: 'deregister', redirect: '/?notice=deregister' });
    expect(server.registry.leasesOf('ORDERS')).toBeUndefined();
    expect((await http('POST', `${base}/deregister`, { headers: JSON_BODY, body: '{}' })).status).toBe(404);
  });

  it('never acts on GET, refuses cross-site posts and unknown bodies', async () => {
    await register(server.eureka, LANDSCAPE[0]);
    const url = `${server.baseUrl}/dashboard/actions/ORDERS/orders-1/deregister`;
    expect((await http('GET', url)).status).toBe(404);
    const crossSite = await http('POST', url, { headers: { ...FORM, origin: 'http://evil.example' }, body: 'confirmed=yes' });
    expect(crossSite.status).toBe(403);
    const fetchMeta = await http('POST', url, { headers: { ...JSON_BODY, 'sec-fetch-site': 'cross-site' }, body: '{}' });
    expect(fetchMeta.status).toBe(403);
    expect((await http('POST', url, { headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
    expect(server.registry.leasesOf('ORDERS')?.get('orders-1')).toBeDefined();
    const sameOrigin = await http('POST', url, { headers: { ...JSON_BODY, origin: server.baseUrl }, body: '{}' });
    expect(sameOrigin.status).toBe(200);
  });

  it('asks for confirmation on a plain form post and redirects after a confirmed one', async () => {
    await register(server.eureka, LANDSCAPE[0]);
    const url = `${server.baseUrl}/dashboard/actions/ORDERS/orders-1/out-of-service`;
    const ask = await http('POST', url, { headers: FORM, body: '' });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('<h1>Set orders-1 to OUT_OF_SERVICE?</h1>');
    expect(ask.text).toContain('<input type="hidden" name="confirmed" value="yes">');
    expect(server.registry.leasesOf('ORDERS')!.get('orders-1')!.holder.status).toBe('UP');

    const done = await http('POST', url, { headers: FORM, body: 'confirmed=yes' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/dashboard/instance/ORDERS/orders-1?notice=out-of-service');
    expect(server.registry.leasesOf('ORDERS')!.get('orders-1')!.holder.status).toBe('OUT_OF_SERVICE');
    const after = await http('GET', `${server.baseUrl}${done.headers.location}`);
    expect(after.text).toContain('<p class="notice" role="status">Status override OUT_OF_SERVICE set.</p>');
    expect(after.text).toContain('<td id="instance-override">OUT_OF_SERVICE</td>');
    // Notices are fixed texts: nothing from the query string is echoed.
    expect((await http('GET', `${server.baseUrl}/?notice=%3Cscript%3E`)).text).not.toContain('<script>');
  });

  it('escapes every registry value (ids, zones, metadata, URLs) and links only http(s) status pages', async () => {
    await register(server.eureka, HOSTILE);
    const pages = [
      (await http('GET', `${server.baseUrl}/`)).text,
      (await http('GET', `${server.baseUrl}/?q=${encodeURIComponent('"><script>')}`)).text,
      (await http('GET', `${server.baseUrl}/lastn`)).text,
      (await http('GET', `${server.baseUrl}/dashboard/instance/EVIL/${encodeURIComponent(HOSTILE_ID)}`)).text,
    ];
    for (const page of pages) {
      expect(page).not.toContain('<script>window');
      expect(page).not.toContain('<img src=x');
      expect(page).not.toContain('<svg onload');
      expect(page).not.toContain('<b onmouseover');
      expect(page).not.toContain("' onfocus='");
      expect(page).not.toMatch(/href="javascript:/i);
      // Exactly one <script> element: the module's own.
      expect(page.match(/<script/g)).toHaveLength(1);
    }
    expect(pages[0]).toContain('x&quot;&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(pages[3]).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;window.__xss=6&lt;/script&gt;');
    expect(pages[3]).toContain('javascript:window.__xss=4</span> <span class="summary">(not a http(s) URL: not linked)</span>');
    const view = json(await http('GET', `${server.baseUrl}/dashboard/api/instance/EVIL/${encodeURIComponent(HOSTILE_ID)}`));
    expect(view.id).toBe(HOSTILE_ID);
  });

  it('serves its own assets (no CDN) and 404 for others', async () => {
    const page = (await http('GET', `${server.baseUrl}/`)).text;
    for (const [name, type] of [
      ['dashboard.css', 'text/css; charset=utf-8'],
      ['dashboard.js', 'text/javascript; charset=utf-8'],
      ['logo.svg', 'image/svg+xml'],
    ]) {
      const href = new RegExp(`"(/dashboard/assets/${name.replace('.', '\\.')}\\?v=[0-9a-f]{12})"`).exec(page)![1];
      const res = await http('GET', `${server.baseUrl}${href}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['cache-control']).toContain('immutable');
      expect(res.text.length).toBeGreaterThan(100);
    }
    expect((await http('GET', `${server.baseUrl}/dashboard/assets/constructor`)).status).toBe(404);
    expect((await http('GET', `${server.baseUrl}/dashboard/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it('shows the emergency banner once renewals drop to the threshold, with why and what to do', async () => {
    // A server of its own on a manual clock: the renewals are judged once a full minute has been counted.
    await server.close();
    server = await startServer(adapter, { waitTimeInMsWhenSyncEmpty: 0 }, { manualClock: true });
    // Standalone: E starts at 1; 3 registrations make E = 4, threshold floor(4 x 2 x 0.85) = 6.
    for (const i of LANDSCAPE.slice(0, 3)) await register(server.eureka, i);
    // The first minute: 0 renewals, not judged yet.
    expect(json(await http('GET', `${server.baseUrl}/dashboard/api/overview`)).banner).toBeNull();
    server.clock!.advance(60_001);
    for (let n = 0; n < 8; n++) await heartbeat(server.eureka, 'ORDERS', `orders-${(n % 3) + 1}`);
    server.clock!.advance(1000); // their second is over: counted
    let overview = json(await http('GET', `${server.baseUrl}/dashboard/api/overview`));
    expect(overview.system).toMatchObject({ renewsLastMin: 8, renewsThreshold: 6, leaseExpirationEnabled: true });
    expect(overview.banner).toBeNull();
    expect((await http('GET', `${server.baseUrl}/`)).text).not.toContain('data-banner=');

    server.clock!.advance(60_000); // a minute without heartbeats
    overview = json(await http('GET', `${server.baseUrl}/dashboard/api/overview`));
    expect(overview.system).toMatchObject({ renewsLastMin: 0, leaseExpirationEnabled: false });
    expect(overview.banner).toMatchObject({ kind: 'emergency' });
    const page = (await http('GET', `${server.baseUrl}/`)).text;
    expect(page).toContain('data-banner="emergency"');
    expect(page).toContain("EMERGENCY! EUREKA MAY BE INCORRECTLY CLAIMING INSTANCES ARE UP WHEN THEY&#39;RE NOT.");
    expect(page).toContain('received 0 heartbeat(s), not more than the threshold of 6');
    expect(page).toContain('EUREKA_SERVER_ENABLE_SELF_PRESERVATION=false');
  });
});

describe.each(ADAPTERS)('dashboard options on %s', (adapter) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves at dashboardPath (normalised like Spring) and nothing at /', async () => {
    server = await startServer(adapter, { dashboardPath: 'eureka-ui/' });
    const home = await http('GET', `${server.baseUrl}/eureka-ui`);
    expect(home.status).toBe(200);
    expect(home.text).toContain('href="/eureka-ui/lastn"');
    expect(home.text).toContain('/eureka-ui/dashboard/assets/dashboard.js?v=');
    expect((await http('GET', `${server.baseUrl}/eureka-ui/lastn`)).status).toBe(200);
    expect((await http('GET', `${server.baseUrl}/eureka-ui/dashboard/api/overview`)).status).toBe(200);
    expect((await http('GET', `${server.baseUrl}/`)).status).toBe(404);
    expect((await http('GET', `${server.baseUrl}/lastn`)).status).toBe(404);
    // The REST API is untouched.
    expect((await http('GET', `${server.eureka}/apps`, { headers: { accept: 'application/json' } })).status).toBe(200);
  });

  it('registers no route at all when dashboardEnabled is false', async () => {
    server = await startServer(adapter, { dashboardEnabled: false });
    await register(server.eureka, LANDSCAPE[0]);
    for (const path of ['/', '/lastn', '/dashboard/api/overview', '/dashboard/assets/dashboard.js', '/dashboard/instance/ORDERS/orders-1']) {
      expect(`${path} ${(await http('GET', `${server.baseUrl}${path}`)).status}`).toBe(`${path} 404`);
    }
    expect((await http('POST', `${server.baseUrl}/dashboard/actions/ORDERS/orders-1/deregister`)).status).toBe(404);
    expect(server.registry.leasesOf('ORDERS')?.size).toBe(1);
  });

  it('takes the path from forRootAsync options, and two servers in one process keep their own paths', async () => {
    const port = await freePort();
    @Module({
      imports: [
        EurekaServerModule.forRootAsync({ useFactory: async () => ({ dashboardPath: '/async-ui', useReadOnlyResponseCache: false }) }),
      ],
    })
    class AsyncModule {}
    server = await startServer(adapter, { dashboardPath: '/first' });
    const app = await NestFactory.create(AsyncModule, new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }), { logger: false });
    try {
      await app.listen(port, '127.0.0.1');
      expect(app.get(EUREKA_SERVER_OPTIONS).dashboardPath).toBe('/async-ui');
      expect((await http('GET', `http://127.0.0.1:${port}/async-ui`)).status).toBe(200);
      expect((await http('GET', `http://127.0.0.1:${port}/first`)).status).toBe(404);
      expect((await http('GET', `${server.baseUrl}/first`)).status).toBe(200);
      expect((await http('GET', `${server.baseUrl}/async-ui`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('rejects a dashboardPath that is not a plain path at start', async () => {
    await expect(startServer(adapter, { dashboardPath: '/:id' })).rejects.toThrow(/option "dashboardPath" must be a URL path/);
    await expect(startServer(adapter, { dashboardPath: '/a/../b' })).rejects.toThrow(/dashboardPath/);
  });

  it('shows the self-preservation-off banner, and DS replicas with credentials removed and their backlog', async () => {
    const deadPort = await freePort();
    server = await startServer(adapter, {
      enableSelfPreservation: false,
      peerEurekaNodeUrls: `http://admin:s3cret@127.0.0.1:${deadPort}/eureka/`,
      registrySyncRetries: 0,
      peerNodeConnectTimeoutMs: 200,
      peerNodeReadTimeoutMs: 200,
    });
    await register(server.eureka, LANDSCAPE[0]);
    const page = (await http('GET', `${server.baseUrl}/`)).text;
    expect(page).toContain('data-banner="self-preservation-off"');
    expect(page).toContain('THE SELF PRESERVATION MODE IS TURNED OFF.');
    expect(page).not.toContain('s3cret');
    expect(page).not.toContain('admin:');
    expect(page).toContain(`<a href="http://127.0.0.1:${deadPort}/eureka/">127.0.0.1:${deadPort}</a>`);
    expect(page).toContain('<span class="badge badge-bad">unreachable</span>');
    const overview = json(await http('GET', `${server.baseUrl}/dashboard/api/overview`));
    expect(overview.replicas).toHaveLength(1);
    expect(overview.replicas[0]).toMatchObject({ host: `127.0.0.1:${deadPort}`, url: `http://127.0.0.1:${deadPort}/eureka/`, reachable: false });
    const r = overview.replicas[0];
    // The registration waits (or was retried) for the dead peer: the backlog shows it.
    expect(r.queued + r.inFlight + r.retried + r.failed).toBeGreaterThan(0);
    expect(JSON.stringify(overview)).not.toContain('s3cret');
    const general = Object.fromEntries(overview.generalInfo.map((r: { name: string; value: string }) => [r.name, r.value]));
    expect(general['registered-replicas']).toBe(`http://127.0.0.1:${deadPort}/eureka/`);
    expect(general['unavailable-replicas']).toBe(`http://127.0.0.1:${deadPort}/eureka/,`);
  });
});
