import { ActionType, instanceIdOf } from '@nest-eureka/protocol';
import { Lease } from './lease';
import { SlottedLease, bySlot } from './lease-expiry.table';
import { StatusOverrides } from './status-overrides';

/**
 * The victims of an eviction pass (spec §11): `toEvict` of the `expired` leases (which come in
 * table order), chosen at random when not all of them go, returned in table order (an array of
 * exactly `toEvict`). When every expired lease goes there is no choice to make and `expired`
 * itself is returned.
 */
export function chooseVictims(expired: Lease[], toEvict: number, random: () => number): SlottedLease[] {
  const leases = expired as SlottedLease[];
  if (toEvict >= leases.length) return leases;
  // A random subset (partial Fisher-Yates), then back into table order.
  for (let i = 0; i < toEvict; i++) {
    const j = i + Math.floor(random() * (leases.length - i));
    const victim = leases[j];
    leases[j] = leases[i];
    leases[i] = victim;
  }
  return leases.slice(0, toEvict).sort(bySlot);
}

/**
 * Takes the victims out of their applications' lease maps (an application left without leases
 * goes too) and drops their status overrides. In table order, victims of one application mostly
 * follow each other; a run of them shares one look-up of the application.
 */
export function unlinkVictims(apps: Map<string, Map<string, Lease>>, overrides: StatusOverrides, victims: readonly Lease[]): void {
  const idOf = instanceIdOf; // read once: the package index exports it through an accessor
  let app: string | undefined;
  let leases: Map<string, Lease> | undefined;
  let appHasOverrides = false;
  for (let i = 0; i < victims.length; i++) {
    const holder = victims[i].holder;
    if (holder.app !== app) {
      app = holder.app;
      leases = apps.get(app);
      appHasOverrides = overrides.hasApp(app);
    }
    const id = idOf(holder);
    if (appHasOverrides) overrides.delete(app, id);
    if (leases === undefined) continue;
    leases.delete(id);
    if (leases.size === 0) apps.delete(app);
  }
}

/** Marks the victims removed at `now`: lease cancelled, record DELETED as of `now`. */
export function markEvicted(victims: readonly Lease[], now: number): void {
  const deleted = ActionType.DELETED; // read once, as above
  for (let i = 0; i < victims.length; i++) {
    const lease = victims[i];
    lease.cancel(now);
    const holder = lease.holder;
    holder.actionType = deleted;
    holder.lastUpdatedTimestamp = now;
  }
}
