import { Logger } from '@nestjs/common';
import { HEALTH_LOG_WINDOW_MS, RateLimitedHealthLogger } from './rate-limited-health.logger';

describe('RateLimitedHealthLogger', () => {
  it('logs the first failed check, then at most one per window with the count it left out', () => {
    const lines: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void lines.push(String(message)));
    try {
      const logger = new RateLimitedHealthLogger();
      let t = 1_000_000;
      logger.now = () => t;
      for (let i = 0; i < 2000; i++) logger.error('Health Check has failed! {"warmup":{"status":"down"}}');
      expect(lines).toEqual(['Health Check has failed! {"warmup":{"status":"down"}}']);
      t += HEALTH_LOG_WINDOW_MS - 1;
      logger.error('again');
      expect(lines).toHaveLength(1);
      t += 1;
      logger.error('again');
      expect(lines[1]).toBe('again (2000 failed health check(s) not logged since the last line; at most one line per 60 s)');
      t += HEALTH_LOG_WINDOW_MS;
      logger.error('later');
      expect(lines[2]).toBe('later');
    } finally {
      spy.mockRestore();
    }
  });
});
