/**
 * The dashboard behind authentication, in a real headless Chromium (see support/browser.ts): the
 * browser is challenged (401 + WWW-Authenticate, no redirect), answers with basic credentials,
 * and then pages and actions (a fetch from the page) work with nothing else to do: no CSRF
 * token, no session. A user with the `dashboard` role alone sees the pages and is refused the
 * actions with a message that names the missing role.
 */
import { Page, RunningBrowser, announceSkip, browserUnavailableReason, launchChromium } from './support/browser';
import { http } from './support/http-client';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';
import { RunningServer, startServer } from './support/start-server';

jest.setTimeout(60_000);

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const unavailable = browserUnavailableReason();
if (unavailable) announceSkip('test/dashboard-auth-browser.e2e-spec.ts (dashboard with authentication in headless Chromium)', unavailable);
const describeInBrowser = unavailable ? describe.skip : describe;

const ADMIN = { username: 'admin', password: 'admin-pa55' };
const VIEWER = { username: 'viewer', password: 'viewer-pa55' };
const ADMIN_HEADER = { authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}` };

describeInBrowser('dashboard with authentication in headless Chromium', () => {
  let server: RunningServer;
  const browsers: RunningBrowser[] = [];

  async function open(credentials?: { username: string; password: string }): Promise<Page> {
    const browser = await launchChromium(undefined, credentials);
    browsers.push(browser);
    const page = await browser.context.newPage();
    return page;
  }

  beforeAll(async () => {
    server = await startServer('fastify', {
      auth: { users: [{ ...ADMIN }, { ...VIEWER, roles: ['dashboard'] }] },
    });
    for (const id of ['web-1', 'web-2']) {
      const res = await http('POST', `${server.eureka}/apps/WEB`, { headers: { ...JSON_HEADERS, ...ADMIN_HEADER }, body: jsonRegistration({ app: 'WEB', id }) });
      expect(res.status).toBe(204);
    }
  }, 60_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.close();
  });

  it('challenges a browser without credentials or with wrong ones (the headless browser cannot answer the prompt)', async () => {
    // Chromium reports a basic-auth challenge it has nothing to answer with as
    // ERR_INVALID_AUTH_CREDENTIALS; a redirect to a login page would have loaded instead.
    await expect((await open()).goto(`${server.baseUrl}/?refresh=0`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    // Wrong credentials: tried once, then the server's 401 page is what the browser shows.
    const wrong = await (await open({ ...ADMIN, password: 'wrong' })).goto(`${server.baseUrl}/?refresh=0`);
    expect(wrong!.status()).toBe(401);
    const plain = await http('GET', `${server.baseUrl}/?refresh=0`);
    expect(plain.status).toBe(401);
    expect(plain.headers['www-authenticate']).toBe('Basic realm="eureka", charset="UTF-8"');
  });

  it('with full credentials: the page loads without the open-actions warning, and an action works', async () => {
    const page = await open(ADMIN);
    const response = await page.goto(`${server.baseUrl}/dashboard/instance/WEB/web-1?refresh=0`);
    expect(response!.status()).toBe(200);
    expect(await page.locator('body').innerText()).not.toContain('open to anyone');
    await page.getByRole('button', { name: 'Take out of service' }).click();
    await page.getByRole('button', { name: 'Set OUT_OF_SERVICE' }).click();
    await page.waitForFunction(() => document.getElementById('instance-status')?.textContent === 'OUT_OF_SERVICE');
    expect(server.registry.getVisibleLease('WEB', 'web-1')!.holder.status).toBe('OUT_OF_SERVICE');
  });

  it('with the dashboard role alone: pages load, actions are refused naming the role', async () => {
    const page = await open(VIEWER);
    const response = await page.goto(`${server.baseUrl}/dashboard/instance/WEB/web-2?refresh=1`);
    expect(response!.status()).toBe(200);
    const status = () => server.registry.getVisibleLease('WEB', 'web-2')!.holder.status;
    await page.getByRole('button', { name: 'Take out of service' }).click();
    await page.getByRole('button', { name: 'Set OUT_OF_SERVICE' }).click();
    await page.waitForFunction(() => /lacks the "write" role/.test(document.getElementById('action-result')?.textContent ?? ''));
    expect(status()).toBe('UP');
    expect(await page.locator('#instance-status').innerText()).toBe('UP');
  });
});
