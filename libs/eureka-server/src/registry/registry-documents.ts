import {
  Application,
  Applications,
  DEFAULT_DURATION_SECS,
  DEFAULT_RENEWAL_INTERVAL_SECS,
  InstanceInfo,
  appsHashCode,
  instanceIdOf,
} from '@nest-eureka/protocol';
import { InstanceRegistry } from './instance-registry';
import { Lease } from './lease';

/**
 * The record as the server shows it: the stored instance with `leaseInfo` rebuilt from its
 * lease (spec §4.6). A shallow copy, so later writes to the stored record do not leak into an
 * already built document.
 */
export function decorateWithLease(lease: Lease): InstanceInfo {
  const holder = lease.holder;
  const sent = holder.leaseInfo;
  return {
    ...holder,
    leaseInfo: {
      renewalIntervalInSecs:
        sent && sent.renewalIntervalInSecs > 0 ? sent.renewalIntervalInSecs : DEFAULT_RENEWAL_INTERVAL_SECS,
      durationInSecs: sent && sent.durationInSecs > 0 ? sent.durationInSecs : DEFAULT_DURATION_SECS,
      registrationTimestamp: lease.registrationTimestamp,
      lastRenewalTimestamp: lease.lastUpdateTimestamp,
      evictionTimestamp: lease.evictionTimestamp,
      serviceUpTimestamp: lease.serviceUpTimestamp,
    },
    isCoordinatingDiscoveryServer: false,
  };
}

function group(leases: Iterable<Lease>, keep: (lease: Lease) => boolean = () => true): Application[] {
  const byApp = new Map<string, InstanceInfo[]>();
  for (const lease of leases) {
    if (!keep(lease)) continue;
    const app = lease.holder.app;
    let list = byApp.get(app);
    if (!list) {
      list = [];
      byApp.set(app, list);
    }
    list.push(decorateWithLease(lease));
  }
  return [...byApp].map(([name, instances]) => ({ name, instances }));
}

function instancesOf(applications: Application[]): Iterable<InstanceInfo> {
  return applications.flatMap((a) => a.instances);
}

/** `GET apps`: every lease, expired-but-not-evicted included; version "1". */
export function buildFullDocument(registry: InstanceRegistry): Applications {
  const applications = group(registry.allLeases());
  return { versionDelta: '1', appsHashCode: appsHashCode(instancesOf(applications)), applications };
}

/** `GET apps/{app}`: undefined when the application has no instance (404). */
export function buildApplication(registry: InstanceRegistry, app: string): Application | undefined {
  const leases = registry.leasesOf(app);
  if (!leases || leases.size === 0) return undefined;
  return { name: app, instances: [...leases.values()].map(decorateWithLease) };
}

/** True when one comma-separated token of `list` equals `name` exactly (no trimming, spec §3.12). */
export function vipListContains(list: string | undefined, name: string): boolean {
  if (!list) return false;
  if (list === name) return true;
  let start = 0;
  for (;;) {
    const comma = list.indexOf(',', start);
    const end = comma < 0 ? list.length : comma;
    if (end - start === name.length && list.startsWith(name, start)) return true;
    if (comma < 0) return false;
    start = comma + 1;
  }
}

/** `GET vips/{vip}` / `svips/{svip}`: matching instances only; version "-1"; hash over the subset. */
export function buildVipDocument(registry: InstanceRegistry, vip: string, secure: boolean): Applications {
  const applications = group(registry.allLeases(), (lease) =>
    vipListContains(secure ? lease.holder.secureVipAddress : lease.holder.vipAddress, vip),
  );
  return { versionDelta: '-1', appsHashCode: appsHashCode(instancesOf(applications)), applications };
}

/**
 * `GET apps/delta` (spec §8.1): the queued leases as they are now, last occurrence of an id
 * winning and moving to the end; the hashcode is the full registry's.
 */
export function buildDeltaDocument(registry: InstanceRegistry, version: number): Applications {
  const byApp = new Map<string, Map<string, InstanceInfo>>();
  for (const lease of registry.recentlyChanged.leases()) {
    const record = decorateWithLease(lease);
    let instances = byApp.get(record.app);
    if (!instances) {
      instances = new Map();
      byApp.set(record.app, instances);
    }
    const id = instanceIdOf(record);
    instances.delete(id);
    instances.set(id, record);
  }
  const applications = [...byApp].map(([name, instances]) => ({ name, instances: [...instances.values()] }));
  return {
    versionDelta: String(version),
    appsHashCode: appsHashCode(iterateStatuses(registry)),
    applications,
  };
}

function* iterateStatuses(registry: InstanceRegistry): IterableIterator<{ status: InstanceInfo['status'] }> {
  for (const lease of registry.allLeases()) yield lease.holder;
}
