/**
 * A flood of wrong passwords against the BUILT standalone server (a real process), from another
 * loopback address (127.0.0.2) than the legitimate clients (127.0.0.1):
 * - bcrypt checks run off the main thread, and the flooding address is refused unchecked (429)
 *   once it has failed 20 times in a minute;
 * - 20 first logins at once with correct passwords from another address get through (they wait
 *   their turn, no 503, no 429), as do an authenticated client's heartbeats;
 * - the failures are logged as a count per address and minute, never the passwords.
 * Latency figures are measured by `npm run bench` (scenario auth-flood), not here.
 */
import * as bcrypt from 'bcryptjs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { hashPassword } from '@nest-eureka/server';
import { http } from './support/http-client';
import { freePorts, pollUntil, spawnNode, stopProcess, tail, RunningProcess } from './support/processes';
import { JSON_HEADERS, jsonRegistration } from './support/registration-bodies';

// A bound for a test that starts a real server process; on a loaded machine that takes seconds. The
// waits inside have their own bounds (request timeouts, polls that fail when the process exits).
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** One request from `localAddress`, with a timeout; resolves with the status. */
function statusFrom(localAddress: string, url: string, authorization: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(url, { method: 'GET', localAddress, headers: { authorization }, timeout: 30_000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolvePromise(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within 30 s from ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('a wrong-password flood against the standalone server', () => {
  let server: RunningProcess | undefined;
  let eureka = '';
  const freshUsers = Array.from({ length: 20 }, (_, i) => ({ username: `fresh-${i}`, password: `fresh-password-${i}` }));

  beforeAll(async () => {
    const users = [
      { username: 'client', password: `{bcrypt}${bcrypt.hashSync('client-password', 10)}`, roles: ['read', 'write'] },
      ...(await Promise.all(freshUsers.map(async (u) => ({ username: u.username, password: await hashPassword(u.password), roles: ['read', 'write'] })))),
    ];
    const [port] = await freePorts(1);
    eureka = `http://127.0.0.1:${port}/eureka`;
    server = spawnNode('server', [join(ROOT, 'apps', 'eureka-server', 'dist', 'main.js')], {
      cwd: ROOT,
      env: { PORT: String(port), HOST: '127.0.0.1', EUREKA_AUTH_USERS: JSON.stringify(users), EUREKA_SERVER_USE_READ_ONLY_RESPONSE_CACHE: 'false' },
    });
    await pollUntil('the server to answer', async () => (await http('GET', `${eureka}/apps`)).status === 401, 60_000).catch((e: Error) => {
      throw new Error(e.message + tail(server));
    });
  });

  afterAll(async () => {
    await stopProcess(server);
  });

  it('refuses the flooding address unchecked, lets first logins and heartbeats from elsewhere through, and logs counts', async () => {
    const client = { Authorization: basic('client', 'client-password') };
    expect((await http('POST', `${eureka}/apps/ORDERS`, { headers: { ...JSON_HEADERS, ...client }, body: jsonRegistration({ app: 'ORDERS', id: 'o-1' }) })).status).toBe(204);

    // 16 connections from 127.0.0.2, each trying distinct wrong passwords, 25 each.
    const flood = Promise.all(
      Array.from({ length: 16 }, async (_, c) => {
        const statuses: number[] = [];
        for (let i = 0; i < 25; i++) statuses.push(await statusFrom('127.0.0.2', `${eureka}/apps`, basic('client', `guess-${c}-${i}`)));
        return statuses;
      }),
    );
    // Meanwhile from 127.0.0.1: heartbeats of the authenticated client, and 20 first logins.
    const heartbeats = (async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await http('PUT', `${eureka}/apps/ORDERS/o-1`, { headers: client, timeoutMs: 30_000 })).status);
      return statuses;
    })();
    const firstLogins = Promise.all(freshUsers.map(async (u) => (await http('GET', `${eureka}/apps`, { headers: { Authorization: basic(u.username, u.password) }, timeoutMs: 30_000 })).status));

    const floodStatuses = (await flood).flat();
    expect(await heartbeats).toEqual(Array(20).fill(200));
    expect(await firstLogins).toEqual(Array(20).fill(200));
    // 20 failures are checked (401, plus the one other check of that address running when the 20th
    // failed); past them the address is refused unchecked (429), its waiting checks too.
    const counts = { 401: 0, 429: 0, other: 0 };
    for (const s of floodStatuses) counts[s === 401 || s === 429 ? s : 'other']++;
    expect(counts.other).toBe(0);
    expect(counts[401]).toBeGreaterThanOrEqual(20);
    expect(counts[401]).toBeLessThanOrEqual(21);
    expect(counts[429]).toBe(floodStatuses.length - counts[401]);

    const failureLines = server!.output.split('\n').filter((line) => line.includes('127.0.0.2') && line.includes('authentication'));
    expect(failureLines.length).toBeGreaterThanOrEqual(1);
    expect(failureLines.length).toBeLessThanOrEqual(2);
    expect(failureLines[0]).toContain('(user "client")');
    expect(server!.output).not.toContain('guess-');
  });
});
