import { InstanceStatus, ReplicationInstance, instanceIdOf } from '@nest-eureka/protocol';
import { Lease } from '../registry/lease';
import { decorateWithLease } from '../registry/registry-documents';
import { RegistryChange } from '../registry/registry-events';

/** A batch item and when it stops being worth sending (spec §12.2). */
export interface ReplicationWork {
  readonly item: ReplicationInstance;
  readonly expiresAt: number;
}

/** Register and heartbeat tasks expire after the instance's renewal interval; others after `maxTimeForReplication`. */
function renewalExpiry(lease: Lease, now: number): number {
  const seconds = lease.holder.leaseInfo?.renewalIntervalInSecs;
  return now + (seconds && seconds > 0 ? seconds : 30) * 1000;
}

export function registerWork(lease: Lease, now: number): ReplicationWork {
  const holder = lease.holder;
  return {
    item: {
      appName: holder.app,
      id: instanceIdOf(holder),
      lastDirtyTimestamp: holder.lastDirtyTimestamp,
      status: holder.status,
      instanceInfo: decorateWithLease(lease),
      action: 'Register',
    },
    expiresAt: renewalExpiry(lease, now),
  };
}

export function heartbeatWork(lease: Lease, override: InstanceStatus | undefined, now: number): ReplicationWork {
  const holder = lease.holder;
  const item: ReplicationInstance = {
    appName: holder.app,
    id: instanceIdOf(holder),
    lastDirtyTimestamp: holder.lastDirtyTimestamp,
    status: holder.status,
    action: 'Heartbeat',
  };
  if (override !== undefined) item.overriddenStatus = override;
  return { item, expiresAt: renewalExpiry(lease, now) };
}

/**
 * The batch item for one change the registry applied, or undefined when the change is not
 * forwarded: replications (one hop only) and evictions (each server evicts on its own clock).
 */
export function changeWork(change: RegistryChange, now: number, maxTimeForReplication: number): ReplicationWork | undefined {
  if (change.isReplication) return undefined;
  const holder = change.instance;
  const later = now + maxTimeForReplication;
  switch (change.kind) {
    case 'registered':
      return registerWork(change.lease, now);
    case 'cancelled':
      return { item: { appName: change.app, id: change.id, action: 'Cancel' }, expiresAt: later };
    case 'status-changed':
      return {
        item: { appName: change.app, id: change.id, lastDirtyTimestamp: holder.lastDirtyTimestamp, status: holder.status, action: 'StatusUpdate' },
        expiresAt: later,
      };
    case 'override-removed':
      return {
        item: { appName: change.app, id: change.id, lastDirtyTimestamp: holder.lastDirtyTimestamp, status: holder.status, action: 'DeleteStatusOverride' },
        expiresAt: later,
      };
    case 'evicted':
      return undefined;
  }
}
