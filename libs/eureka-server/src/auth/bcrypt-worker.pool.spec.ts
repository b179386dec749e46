import { performance } from 'node:perf_hooks';
import * as bcrypt from 'bcryptjs';
import { BcryptWorkerPool } from './bcrypt-worker.pool';

describe('BcryptWorkerPool', () => {
  const hash = bcrypt.hashSync('right', 10);
  let pool: BcryptWorkerPool;
  beforeEach(() => (pool = new BcryptWorkerPool(1)));
  afterEach(() => pool.close());

  it('compares like bcryptjs, and a bad hash is a refusal', async () => {
    expect(await pool.compare('right', hash)).toBe(true);
    expect(await pool.compare('wrong', hash)).toBe(false);
    expect(await pool.compare('right', 'not a hash')).toBe(false);
  });

  it('keeps the main thread free while it checks (event-loop utilisation, not a clock)', async () => {
    await pool.compare('warm-up', hash); // the worker started
    const before = performance.eventLoopUtilization();
    await Promise.all(Array.from({ length: 8 }, (_, i) => pool.compare(`wrong-${i}`, hash)));
    const used = performance.eventLoopUtilization(before);
    // bcryptjs on the main thread keeps it busy for the whole time (utilisation near 1).
    expect(used.utilization).toBeLessThan(0.5);
  });

  it('fails whatever is queued when closed: an error, never a verdict', async () => {
    const pending = Array.from({ length: 4 }, () => pool.compare('right', hash).catch((e: Error) => e.message));
    await pool.close();
    expect(await Promise.all(pending)).toContain('the bcrypt worker pool is closed');
  });
});
