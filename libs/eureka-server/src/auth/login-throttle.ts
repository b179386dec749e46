/** Failed authentications an address may make in one window before it is refused unchecked. */
export const MAX_FAILURES_PER_ADDRESS = 20;
/** The window of `MAX_FAILURES_PER_ADDRESS`, and how long an address over it waits. */
export const FAILURE_WINDOW_MS = 60_000;
/** Password hashes checked at once for one address; more from it wait their turn. */
export const MAX_CHECKS_PER_ADDRESS = 2;
/** Password hashes checked at once in all; more wait their turn. */
export const MAX_CHECKS = 16;
/** Checks waiting for one address, and in all; more: busy (503). */
export const MAX_WAITING_PER_ADDRESS = 64;
export const MAX_WAITING = 1024;
/** Longest wait for a turn; then busy (503). */
export const MAX_WAIT_MS = 10_000;
/** Addresses tracked at once; the oldest idle one is forgotten first, so the table has a bound. */
const MAX_ADDRESSES = 4096;

interface AddressState {
  windowStart: number;
  failures: number;
  checking: number;
  waiting: number;
}

interface Waiter {
  address: string;
  resolve(admission: Admission): void;
  timer: NodeJS.Timeout;
}

export type Admission = { admitted: true } | { admitted: false; why: 'throttled' | 'busy' };

/**
 * Who may have a password checked, and when. Every address has a budget of failed authentications
 * per window (past it, it is refused unchecked until the window ends: 429) and at most 2 checks
 * running at once; all addresses together at most 16. Checks beyond those wait their turn (bounded
 * in number and time), so a burst of first logins after a restart is served in order rather than
 * refused, and callers guessing from one address hold at most 2 of the running checks: known
 * clients and peers from other addresses still get through. A header verified before never comes here.
 */
export class LoginThrottle {
  private readonly addresses = new Map<string, AddressState>();
  private readonly waiters: Waiter[] = [];
  private checking = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Resolves when a check for `address` may start (then call `done`), or with why it may not. */
  acquire(address: string): Promise<Admission> {
    const state = this.stateOf(address);
    if (state.failures >= MAX_FAILURES_PER_ADDRESS) return Promise.resolve({ admitted: false, why: 'throttled' });
    if (this.hasRoom(state)) return Promise.resolve(this.start(state));
    if (state.waiting >= MAX_WAITING_PER_ADDRESS || this.waiters.length >= MAX_WAITING) return Promise.resolve({ admitted: false, why: 'busy' });
    state.waiting++;
    return new Promise<Admission>((resolve) => {
      const waiter: Waiter = {
        address,
        resolve,
        timer: setTimeout(() => {
          this.dropWaiter(waiter);
          resolve({ admitted: false, why: 'busy' });
        }, MAX_WAIT_MS),
      };
      this.waiters.push(waiter);
    });
  }

  /** Ends a check `acquire` admitted, and starts the next one waiting that may run. */
  done(address: string): void {
    const state = this.addresses.get(addressKey(address));
    if (state && state.checking > 0) state.checking--;
    if (this.checking > 0) this.checking--;
    this.wakeWaiters();
  }

  /** Shutdown: every waiting check is answered busy at once, and no timer is left running. */
  close(): void {
    for (const waiter of [...this.waiters]) {
      this.dropWaiter(waiter);
      waiter.resolve({ admitted: false, why: 'busy' });
    }
  }

  /** A failed authentication from `address` (checked or not). */
  failed(address: string): void {
    this.stateOf(address).failures++;
  }

  /** Whether `address` is over its failure budget now (cheap failures count against it too). */
  isThrottled(address: string): boolean {
    return this.stateOf(address).failures >= MAX_FAILURES_PER_ADDRESS;
  }

  /** How long `address` has to wait before it may try again (0 when it may now). */
  retryAfterMs(address: string): number {
    const state = this.stateOf(address);
    return state.failures >= MAX_FAILURES_PER_ADDRESS ? Math.max(0, state.windowStart + FAILURE_WINDOW_MS - this.now()) : 0;
  }

  private hasRoom(state: AddressState): boolean {
    return state.checking < MAX_CHECKS_PER_ADDRESS && this.checking < MAX_CHECKS;
  }

  private start(state: AddressState): Admission {
    state.checking++;
    this.checking++;
    return { admitted: true };
  }

  /** In arrival order, every waiter whose address may run a check now (or is over its budget now). */
  private wakeWaiters(): void {
    for (let i = 0; i < this.waiters.length && this.checking < MAX_CHECKS; ) {
      const waiter = this.waiters[i];
      const state = this.stateOf(waiter.address);
      const throttled = state.failures >= MAX_FAILURES_PER_ADDRESS;
      if (!throttled && !this.hasRoom(state)) {
        i++;
        continue;
      }
      this.dropWaiter(waiter);
      waiter.resolve(throttled ? { admitted: false, why: 'throttled' } : this.start(state));
    }
  }

  private dropWaiter(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const at = this.waiters.indexOf(waiter);
    if (at >= 0) this.waiters.splice(at, 1);
    const state = this.addresses.get(addressKey(waiter.address));
    if (state && state.waiting > 0) state.waiting--;
  }

  private stateOf(rawAddress: string): AddressState {
    const address = addressKey(rawAddress);
    const now = this.now();
    let state = this.addresses.get(address);
    if (state === undefined) {
      state = { windowStart: now, failures: 0, checking: 0, waiting: 0 };
      if (this.addresses.size >= MAX_ADDRESSES) {
        // Forget the oldest address that is idle and not over its budget; a throttled one is never
        // forgotten early (so new addresses cannot reset it). With none to forget, this one is not kept.
        for (const [key, value] of this.addresses) {
          if (value.checking === 0 && value.waiting === 0 && (value.failures < MAX_FAILURES_PER_ADDRESS || now - value.windowStart >= FAILURE_WINDOW_MS)) {
            this.addresses.delete(key);
            break;
          }
        }
        if (this.addresses.size >= MAX_ADDRESSES) return state;
      }
      this.addresses.set(address, state);
    } else if (now - state.windowStart >= FAILURE_WINDOW_MS) {
      state.windowStart = now;
      state.failures = 0;
    }
    return state;
  }
}

/**
 * Whom a budget belongs to: an IPv4 address, or an IPv6 /64 (one host usually holds a whole /64, so
 * counting its addresses one by one would let it hold every place). `::ffff:a.b.c.d` is IPv4.
 */
export function addressKey(address: string): string {
  if (!address.includes(':')) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  const [head] = address.split('%');
  const parts = head.split('::');
  const left = parts[0] ? parts[0].split(':') : [];
  const right = parts.length > 1 && parts[1] ? parts[1].split(':') : [];
  const groups = parts.length > 1 ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
