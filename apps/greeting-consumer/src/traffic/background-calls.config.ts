import { registerAs } from '@nestjs/config';

export interface BackgroundCallsSettings {
  /** `CALL_INTERVAL_MS`: call greeting-service on its own this often and log a summary (0: off, the default). */
  callIntervalMs: number;
}

export function readBackgroundCallsSettings(env: NodeJS.ProcessEnv): BackgroundCallsSettings {
  const raw = env.CALL_INTERVAL_MS?.trim() || '0';
  if (!/^\d+$/.test(raw)) throw new Error(`CALL_INTERVAL_MS=${JSON.stringify(raw)} must be a whole number of milliseconds`);
  return { callIntervalMs: Number(raw) };
}

export const backgroundCallsConfig = registerAs('backgroundCalls', (): BackgroundCallsSettings => readBackgroundCallsSettings(process.env));
