import { Applications, InstanceInfo, InstanceStatus } from '@nest-eureka/protocol';
import { EurekaRequestError, EurekaTransport, HeartbeatResult } from '../transport/eureka-transport';

export type FakeCall =
  | { op: 'register'; at: number; info: InstanceInfo }
  | { op: 'heartbeat'; at: number; app: string; id: string; status: InstanceStatus; lastDirtyTimestamp: number }
  | { op: 'cancel'; at: number; app: string; id: string };

type Outcome<T> = T | Error;

/**
 * Stand-in for the remote Eureka server in unit tests: records every call (with its time) and
 * answers from scripted queues (`registerOutcomes`, `heartbeatOutcomes`; when empty: success).
 */
export class FakeEurekaTransport extends EurekaTransport {
  readonly calls: FakeCall[] = [];
  readonly registerOutcomes: Outcome<void>[] = [];
  readonly heartbeatOutcomes: Outcome<HeartbeatResult>[] = [];
  /** Added latency of every call, ms. */
  latencyMs = 0;
  readonly currentServer = 'http://127.0.0.1:0/eureka';

  get registers(): Extract<FakeCall, { op: 'register' }>[] {
    return this.calls.filter((c): c is Extract<FakeCall, { op: 'register' }> => c.op === 'register');
  }

  get heartbeats(): Extract<FakeCall, { op: 'heartbeat' }>[] {
    return this.calls.filter((c): c is Extract<FakeCall, { op: 'heartbeat' }> => c.op === 'heartbeat');
  }

  get cancels(): Extract<FakeCall, { op: 'cancel' }>[] {
    return this.calls.filter((c): c is Extract<FakeCall, { op: 'cancel' }> => c.op === 'cancel');
  }

  async register(info: InstanceInfo): Promise<void> {
    this.calls.push({ op: 'register', at: Date.now(), info });
    await this.delay();
    const outcome = this.registerOutcomes.shift();
    if (outcome instanceof Error) throw outcome;
  }

  async sendHeartbeat(app: string, id: string, status: InstanceStatus, lastDirtyTimestamp: number): Promise<HeartbeatResult> {
    this.calls.push({ op: 'heartbeat', at: Date.now(), app, id, status, lastDirtyTimestamp });
    await this.delay();
    const outcome = this.heartbeatOutcomes.shift() ?? 'ok';
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  async cancel(app: string, id: string): Promise<void> {
    this.calls.push({ op: 'cancel', at: Date.now(), app, id });
    await this.delay();
  }

  async fetchApplications(): Promise<Applications> {
    return { versionDelta: '1', appsHashCode: '', applications: [] };
  }

  async fetchDelta(): Promise<Applications | undefined> {
    return undefined;
  }

  private delay(): Promise<void> {
    return this.latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.latencyMs)) : Promise.resolve();
  }
}

export function serverDown(operation = 'register'): EurekaRequestError {
  return new EurekaRequestError(operation, 'http://127.0.0.1:0/eureka', 'connection refused');
}

/** Polls `predicate` every 5 ms; rejects with `what` after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
