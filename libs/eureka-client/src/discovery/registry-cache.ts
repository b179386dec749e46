import { Inject, Injectable } from '@nestjs/common';
import { Application, Applications, InstanceInfo, instanceIdOf } from '@nest-eureka/protocol';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { RegistryIndex } from './registry-index';

interface Entry {
  info: InstanceInfo;
  /** What counts as a change for listeners: everything but lease bookkeeping and the action type. */
  signature: string;
}

function signatureOf(info: InstanceInfo): string {
  const { leaseInfo: _lease, actionType: _action, ...rest } = info;
  return JSON.stringify(rest);
}

/**
 * The client's local copy of the registry (spec §8.3): replaced by a full fetch, patched by
 * deltas, hashed over every instance it holds (never filtered), with lookup indexes rebuilt on
 * each change. Remembers which applications changed until `drainChangedApps()`.
 */
@Injectable()
export class RegistryCache {
  private apps = new Map<string, Map<string, Entry>>();
  private index: RegistryIndex;
  private readonly changed = new Set<string>();
  private readonly filterOnlyUp: boolean;
  /** `versions__delta` of the last document applied; `-1` before the first fetch. */
  version = '-1';

  constructor(@Inject(EUREKA_CLIENT_OPTIONS) options: Pick<EurekaClientOptions, 'filterOnlyUpInstances'>) {
    this.filterOnlyUp = options.filterOnlyUpInstances;
    this.index = RegistryIndex.empty(this.filterOnlyUp);
  }

  /** Reconcile hash code of the local unfiltered registry. */
  get hashCode(): string {
    return this.index.hashCode;
  }

  get isEmpty(): boolean {
    return this.apps.size === 0;
  }

  get instanceCount(): number {
    return this.index.instanceCount;
  }

  /** Current lookup indexes (immutable snapshot). */
  get view(): RegistryIndex {
    return this.index;
  }

  /** Replaces the whole copy with a full registry document. */
  replace(doc: Applications): void {
    const next = new Map<string, Map<string, Entry>>();
    for (const app of doc.applications) {
      const name = app.name.toUpperCase();
      const entries = next.get(name) ?? new Map<string, Entry>();
      for (const info of app.instances) entries.set(instanceIdOf(info), { info, signature: signatureOf(info) });
      if (entries.size > 0) next.set(name, entries);
    }
    for (const name of new Set([...this.apps.keys(), ...next.keys()])) {
      if (!sameEntries(this.apps.get(name), next.get(name))) this.changed.add(name);
    }
    this.apps = next;
    this.version = doc.versionDelta;
    this.rebuild();
  }

  /**
   * Applies a delta (ADDED/MODIFIED upsert, DELETED remove, empty apps dropped), then compares
   * the local hash with the delta's `apps__hashcode`. Returns false on a mismatch: the caller
   * must fetch the full registry.
   */
  applyDelta(delta: Applications): boolean {
    let touched = false;
    for (const app of delta.applications) {
      const name = app.name.toUpperCase();
      for (const info of app.instances) {
        touched = true;
        const id = instanceIdOf(info);
        const entries = this.apps.get(name);
        if (info.actionType === 'DELETED') {
          if (entries?.delete(id)) {
            this.changed.add(name);
            if (entries.size === 0) this.apps.delete(name);
          }
          continue;
        }
        const entry = { info, signature: signatureOf(info) };
        if (entries) {
          if (entries.get(id)?.signature !== entry.signature) this.changed.add(name);
          entries.set(id, entry);
        } else {
          this.apps.set(name, new Map([[id, entry]]));
          this.changed.add(name);
        }
      }
    }
    this.version = delta.versionDelta;
    if (touched) this.rebuild();
    return this.index.hashCode === delta.appsHashCode;
  }

  /** Upper-case names of the applications whose instances changed since the last call. */
  drainChangedApps(): string[] {
    const names = [...this.changed].sort();
    this.changed.clear();
    return names;
  }

  private rebuild(): void {
    const applications: Application[] = [];
    for (const [name, entries] of this.apps) {
      applications.push({ name, instances: [...entries.values()].map((entry) => entry.info) });
    }
    this.index = new RegistryIndex(applications, this.filterOnlyUp);
  }
}

function sameEntries(a: Map<string, Entry> | undefined, b: Map<string, Entry> | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.size !== b.size) return false;
  for (const [id, entry] of a) {
    if (b.get(id)?.signature !== entry.signature) return false;
  }
  return true;
}
