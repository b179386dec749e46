/**
 * `/health` is unauthenticated: its 503s (here: registry reads refused after an empty start-up
 * sync) must not write a log line each. The BUILT standalone server as a real process.
 */
import { join, resolve } from 'node:path';
import { http } from './support/http-client';
import { freePorts, pollUntil, spawnNode, stopProcess, tail } from './support/processes';

// A bound for a test that starts a real server process; on a loaded machine that takes seconds. The
// waits inside have their own bounds (request timeouts, polls that fail when the process exits).
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..');

describe('the standalone server under a /health flood', () => {
  it('logs the first failed health check and not the next 500', async () => {
    const [port] = await freePorts(1);
    const server = spawnNode('server', [join(ROOT, 'apps', 'eureka-server', 'dist', 'main.js')], {
      cwd: ROOT,
      env: { PORT: String(port), HOST: '127.0.0.1', EUREKA_INSTANCE_REGISTRY_DEFAULT_OPEN_FOR_TRAFFIC_COUNT: '0' },
    });
    try {
      const health = `http://127.0.0.1:${port}/health`;
      await pollUntil('the server to answer /health', async () => (await http('GET', health)).status === 503, 60_000).catch((e: Error) => {
        throw new Error(e.message + tail(server));
      });
      for (let i = 0; i < 10; i++) {
        const answers = await Promise.all(Array.from({ length: 50 }, () => http('GET', health)));
        expect(answers.every((res) => res.status === 503)).toBe(true);
      }
      // The line of the first 503 is written before its answer: everything logged by now is in.
      await pollUntil('the first failure logged', () => server.output.includes('Health Check has failed!'), 10_000);
      const failures = server.output.split('\n').filter((line) => line.includes('Health Check has failed!'));
      expect(failures).toHaveLength(1);
      expect(failures[0].length).toBeLessThan(2000);
    } finally {
      await stopProcess(server);
    }
  });
});
