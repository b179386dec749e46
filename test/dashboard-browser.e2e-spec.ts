/**
 * The dashboard in a real headless Chromium (Debian's package, driven by playwright-core; see
 * support/browser.ts). One server with registered instances and a peer (a second server, plus a
 * dead one): load the page and see the tables, filter while typing, open an instance, take it out
 * of service / clear the override / deregister after confirming (mouse and keyboard) and see the
 * registry change, watch the self-preservation banner appear when renewals drop without a page
 * reload, survive hostile registry values, and fit a narrow screen. Screenshots go to
 * artifacts/dashboard/ (set UPDATE_README_SCREENSHOT=1 to also write docs/dashboard.png).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  Page,
  RunningBrowser,
  announceSkip,
  artifactPath,
  browserUnavailableReason,
  launchChromium,
} from './support/browser';
import { HOSTILE, HOSTILE_ID, LANDSCAPE, heartbeat, register } from './support/dashboard-fixtures';
import { http } from './support/http-client';
import { freePort } from './support/ports';
import { Clock } from '@nest-eureka/server';
import { RunningServer, startServer } from './support/start-server';

jest.setTimeout(60_000);

// The callbacks given to page.evaluate / waitForFunction run in the browser; this project is
// type-checked without the DOM library, so its globals are declared loosely, for this file only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: any): { color: string; display: string };

const unavailable = browserUnavailableReason();
if (unavailable) announceSkip('test/dashboard-browser.e2e-spec.ts (dashboard in headless Chromium)', unavailable);
const describeInBrowser = unavailable ? describe.skip : describe;

const README_SCREENSHOT = resolve(__dirname, '..', 'docs', 'dashboard.png');

async function poll<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeInBrowser('dashboard in headless Chromium', () => {
  let peer: RunningServer;
  let server: RunningServer;
  let browser: RunningBrowser;
  let page: Page;
  const problems: string[] = [];

  async function overview(): Promise<any> {
    return JSON.parse((await http('GET', `${server.baseUrl}/dashboard/api/overview`)).text);
  }

  let beating: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<unknown>>();

  /** The landscape's clients heartbeat as real ones do (every 500 ms here) until stopped. */
  function startHeartbeats(): void {
    if (beating) return;
    beating = setInterval(() => {
      for (const i of LANDSCAPE) {
        const sent = heartbeat(server.eureka, i.app, i.id).catch(() => undefined);
        inFlight.add(sent);
        void sent.finally(() => inFlight.delete(sent));
      }
    }, 500);
  }

  /** Stops the heartbeats, once every one already sent has been answered. */
  async function stopHeartbeats(): Promise<void> {
    clearInterval(beating);
    beating = undefined;
    await Promise.all([...inFlight]);
  }

  /** Heartbeats running and counted above the threshold: lease expiration enabled, no banner. */
  async function healthyRenewals(): Promise<void> {
    startHeartbeats();
    await poll('renewals above the threshold', async () => server.registry.isLeaseExpirationEnabled(), 30_000);
  }

  async function appsShown(): Promise<string[]> {
    return page.evaluate(() =>
      [...document.querySelectorAll('#instances tbody th[scope="row"]')].map((th: any) => th.textContent ?? ''),
    );
  }

  async function appsShownToBe(expected: string[]): Promise<void> {
    await poll(`apps ${expected.join(',')}`, async () => JSON.stringify(await appsShown()) === JSON.stringify(expected));
  }

  let clockAhead = 0;

  beforeAll(async () => {
    const deadPort = await freePort();
    peer = await startServer('fastify');
    server = await startServer('fastify', {
      waitTimeInMsWhenSyncEmpty: 0,
      environment: 'production',
      datacenter: 'eu-west',
      peerEurekaNodeUrls: `http://eureka:s3cret@127.0.0.1:${new URL(peer.baseUrl).port}/eureka/,http://127.0.0.1:${deadPort}/eureka/`,
      registrySyncRetries: 0,
      peerNodeConnectTimeoutMs: 200,
      peerNodeReadTimeoutMs: 500,
    });
    // The server's clock runs with the real one; the banner test moves it a minute ahead.
    const clock = server.app.get(Clock) as { now: () => number };
    clock.now = () => Date.now() + clockAhead;
    for (const i of LANDSCAPE) await register(server.eureka, i);
    await healthyRenewals();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // A page of an instance that was just removed answers 404 to its auto-refresh (and then shows "not found").
      if (/Failed to load resource: the server responded with a status of 404/.test(m.text())) return;
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await stopHeartbeats();
    await browser?.close();
    await server?.close();
    await peer?.close();
  });

  afterEach(() => {
    // No script error and no Content-Security-Policy violation on any page.
    expect(problems.splice(0)).toEqual([]);
  });

  it("loads Spring's blocks with the registered instances and the peers, and screenshots it", async () => {
    await poll('the live peer to be reachable', async () => (await overview()).replicas.some((r: any) => r.reachable));
    const res = await page.goto(`${server.baseUrl}/?refresh=1`);
    expect(res?.status()).toBe(200);
    for (const name of ['System Status', 'DS Replicas', 'Instances currently registered with Eureka', 'General Info', 'Instance Info']) {
      expect(await page.getByRole('heading', { name, exact: true }).isVisible()).toBe(true);
    }
    expect(await appsShown()).toEqual(['GATEWAY', 'INVENTORY', 'ORDERS', 'PAYMENTS']);
    const downGroup = page.locator('#instances .status-group.not-up').first();
    expect(await downGroup.evaluate((el) => getComputedStyle(el.querySelector('.status-name')!).color)).toBe('rgb(179, 38, 30)');
    const replicas = await page.locator('#replicas').innerText();
    expect(replicas).toContain(`127.0.0.1:${new URL(peer.baseUrl).port}`);
    expect(replicas).toMatch(/reachable/);
    expect(replicas).toMatch(/unreachable/);
    expect(replicas).not.toContain('s3cret');
    expect(await page.locator('[data-banner]').count()).toBe(0);
    // The script took over: auto-refresh controls are shown.
    expect(await page.getByRole('button', { name: 'Auto-refresh: on' }).isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('home.png'), fullPage: true });
    if (process.env.UPDATE_README_SCREENSHOT === '1') {
      mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
      copyFileSync(artifactPath('home.png'), README_SCREENSHOT);
    }
  });

  it('filters by text, status and zone while typing, without reloading the page', async () => {
    await page.goto(`${server.baseUrl}/?refresh=0`);
    await page.evaluate(() => (window.__sameDocument = 1));
    await page.getByLabel('Search', { exact: true }).fill('pay');
    await appsShownToBe(['PAYMENTS']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('pay');
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.getByLabel('Status', { exact: true }).selectOption('NOT_UP');
    await appsShownToBe(['ORDERS', 'PAYMENTS']);
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByLabel('Zone', { exact: true }).selectOption('zone-b');
    await appsShownToBe(['GATEWAY', 'ORDERS', 'PAYMENTS']);
    await page.getByRole('link', { name: 'Clear' }).click();
    await appsShownToBe(['GATEWAY', 'INVENTORY', 'ORDERS', 'PAYMENTS']);
    expect(await page.evaluate(() => window.__sameDocument)).toBe(1);
  });

  it('opens an instance, and after confirming takes it out of service, clears the override and deregisters it', async () => {
    await page.goto(`${server.baseUrl}/?refresh=0`);
    await page.getByRole('link', { name: 'Details of orders-2' }).click();
    await page.waitForURL(/\/dashboard\/instance\/ORDERS\/orders-2/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Instance orders-2');
    expect(await page.locator('#last-heartbeat').innerText()).toMatch(/ago|none since registration/);
    expect(await page.locator('#metadata').innerText()).toContain('1.4.2');

    // Cancel first: nothing changes.
    await page.getByRole('button', { name: 'Take out of service' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.innerText()).toContain('Set orders-2 to OUT_OF_SERVICE?');
    await dialog.getByRole('button').first().click(); // Cancel (first button, focused by default)
    await dialog.waitFor({ state: 'hidden' });
    expect(server.registry.leasesOf('ORDERS')!.get('orders-2')!.holder.status).toBe('UP');

    // Keyboard: Enter opens the dialog, Escape closes it.
    await page.getByRole('button', { name: 'Take out of service' }).evaluate((b) => b.focus());
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(server.registry.leasesOf('ORDERS')!.get('orders-2')!.holder.status).toBe('UP');

    await page.getByRole('button', { name: 'Take out of service' }).click();
    await page.getByRole('button', { name: 'Set OUT_OF_SERVICE' }).click();
    await page.waitForFunction(() => document.getElementById('instance-status')?.textContent === 'OUT_OF_SERVICE');
    expect(await page.locator('#action-result').innerText()).toBe('Status override OUT_OF_SERVICE set.');
    const rest = JSON.parse((await http('GET', `${server.eureka}/apps/ORDERS/orders-2`, { headers: { accept: 'application/json' } })).text);
    expect(rest.instance.status).toBe('OUT_OF_SERVICE');
    await page.screenshot({ path: artifactPath('instance-out-of-service.png'), fullPage: true });

    await page.getByRole('button', { name: 'Clear status override' }).click();
    await page.getByRole('button', { name: 'Clear override' }).click();
    await page.waitForFunction(() => document.getElementById('instance-override')?.textContent === 'none');
    expect(server.registry.overrideOf('ORDERS', 'orders-2')).toBeUndefined();

    await page.getByRole('button', { name: 'Deregister' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deregister' }).click();
    await page.waitForURL((url) => url.searchParams.get('notice') === 'deregister');
    expect(await page.getByRole('status').first().innerText()).toBe('Instance deregistered.');
    expect(server.registry.leasesOf('ORDERS')!.has('orders-2')).toBe(false);
    expect(await page.locator('#instances').innerText()).not.toContain('orders-2');
    await register(server.eureka, LANDSCAPE[1]);
  });

  it('shows the self-preservation banner when renewals drop, without a page reload', async () => {
    await healthyRenewals();
    await page.goto(`${server.baseUrl}/?refresh=1`);
    await page.evaluate(() => (window.__sameDocument = 2));
    expect(await page.locator('[data-banner]').count()).toBe(0);
    const renewsBefore = await page.locator('#live-status').innerText();
    expect(renewsBefore).toMatch(/Lease expiration enabled\s+true/);

    // The clients fall silent and the server's clock moves a minute on: a minute without a single
    // heartbeat (renewals are judged once a full minute has passed since the registry opened).
    await stopHeartbeats();
    clockAhead += 60_001;
    await page.locator('[data-banner="emergency"]').waitFor({ state: 'visible', timeout: 10_000 });
    const banner = await page.locator('[data-banner="emergency"]').innerText();
    expect(banner).toContain('EMERGENCY! EUREKA MAY BE INCORRECTLY CLAIMING INSTANCES ARE UP');
    expect(banner).toContain('What to do');
    expect(await page.locator('#live-status').innerText()).toMatch(/Lease expiration enabled\s+false/);
    expect(await page.locator('#announcer').textContent()).toContain('Warning');
    expect(await page.evaluate(() => window.__sameDocument)).toBe(2);
    await page.screenshot({ path: artifactPath('self-preservation-banner.png'), fullPage: false });
    await healthyRenewals();
  });

  it('renders hostile ids, zones, metadata and status page URLs as text', async () => {
    await register(server.eureka, HOSTILE);
    await page.goto(`${server.baseUrl}/?refresh=1`);
    await appsShownToBe(['EVIL', 'GATEWAY', 'INVENTORY', 'ORDERS', 'PAYMENTS']);
    expect(await page.locator('#instances').innerText()).toContain(HOSTILE_ID);
    await page.goto(`${server.baseUrl}/dashboard/instance/EVIL/${encodeURIComponent(HOSTILE_ID)}?refresh=1`);
    expect(await page.locator('#metadata').innerText()).toContain('<script>window.__xss=6</script>');
    // Let an auto-refresh swap the regions too (DOMParser path).
    await page.waitForFunction(() => Number(document.body.getAttribute('data-updated') ?? 0) > 0, undefined, { timeout: 5000 });
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await page.goto('about:blank');
    expect((await http('DELETE', `${server.eureka}/apps/EVIL/${encodeURIComponent(HOSTILE_ID)}`)).status).toBe(200);
  });

  it('fits a narrow screen: tables stack, nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/?refresh=0`);
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter((el: any) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((el: any) => `${el.tagName}.${el.className}#${el.id}`)
        .slice(0, 5),
      cellDisplay: getComputedStyle(document.querySelector('#instances tbody td')!).display,
    }));
    expect(layout).toEqual({ overflow: 0, wide: [], cellDisplay: 'block' });
    await page.screenshot({ path: artifactPath('home-narrow.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
