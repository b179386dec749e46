import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { GreetingClient } from '../greeting/greeting.client';
import { BackgroundCallsSettings, backgroundCallsConfig } from './background-calls.config';

/** How often the summary of background calls is logged. */
export const SUMMARY_EVERY_MS = 5000;

/**
 * With `CALL_INTERVAL_MS` set (the demo sets it), calls greeting-service every interval and logs
 * every 5 s which instances answered, so fail-over shows in the log without anyone calling.
 */
@Injectable()
export class BackgroundCalls implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BackgroundCalls');
  private readonly answeredBy = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly greetings: GreetingClient,
    @Inject(backgroundCallsConfig.KEY) private readonly settings: BackgroundCallsSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.callIntervalMs <= 0) return;
    this.logger.log(`calling greeting-service every ${this.settings.callIntervalMs} ms; summary every ${SUMMARY_EVERY_MS / 1000} s`);
    this.timers = [setInterval(() => void this.callOnce(), this.settings.callIntervalMs), setInterval(() => this.report(), SUMMARY_EVERY_MS)];
  }

  beforeApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private async callOnce(): Promise<void> {
    try {
      const { instanceId } = await this.greetings.greet('background');
      count(this.answeredBy, instanceId ?? 'unknown instance');
    } catch (error) {
      count(this.failures, (error as Error).message);
    }
  }

  private report(): void {
    const answered = [...this.answeredBy].map(([id, n]) => `${id} x${n}`);
    const failed = [...this.failures].map(([why, n]) => `failed x${n} (${why})`);
    this.answeredBy.clear();
    this.failures.clear();
    const parts = [...answered, ...failed];
    this.logger.log(`last ${SUMMARY_EVERY_MS / 1000} s: ${parts.length > 0 ? parts.join(', ') : 'no calls'}`);
  }
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
