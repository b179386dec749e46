import { ServiceEndpoint } from './service-urls.resolver';

/**
 * Servers that failed recently (connection error, timeout, 5xx) are skipped for
 * `quarantineMs`. When every server is quarantined the list is cleared and all are tried again
 * in order, so the client never stops trying (reference `RetryableEurekaHttpClient`).
 */
export class ServerQuarantine {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly quarantineMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  quarantine(endpoint: ServiceEndpoint): void {
    if (this.quarantineMs <= 0) return;
    this.until.set(endpoint.url, this.now() + this.quarantineMs);
  }

  release(endpoint: ServiceEndpoint): void {
    this.until.delete(endpoint.url);
  }

  isQuarantined(endpoint: ServiceEndpoint): boolean {
    const until = this.until.get(endpoint.url);
    if (until === undefined) return false;
    if (until <= this.now()) {
      this.until.delete(endpoint.url);
      return false;
    }
    return true;
  }

  /** The endpoints to try, in order, at most `max` of them. */
  candidates(endpoints: readonly ServiceEndpoint[], max: number): ServiceEndpoint[] {
    let usable = endpoints.filter((endpoint) => !this.isQuarantined(endpoint));
    if (usable.length === 0) {
      this.until.clear();
      usable = [...endpoints];
    }
    return usable.slice(0, max);
  }

  /** Base URLs currently quarantined (credentials never stored here). */
  quarantined(): string[] {
    return [...this.until.keys()].filter((url) => (this.until.get(url) ?? 0) > this.now());
  }
}
