/** Every time the registry reads comes from here, so tests can move time by hand. */
export abstract class Clock {
  abstract now(): number;
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}

/** A clock that only moves when told to: for tests of leases, eviction and retention. */
export class ManualClock extends Clock {
  constructor(private current = 1_700_000_000_000) {
    super();
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
