import { Application, InstanceInfo, appsHashCode, instanceIdOf } from '@nest-eureka/protocol';

const EMPTY: readonly InstanceInfo[] = Object.freeze([]);

/** One set of lookup maps over a list of applications. */
class Lookups {
  readonly byApp = new Map<string, readonly InstanceInfo[]>();
  readonly byVip = new Map<string, InstanceInfo[]>();
  readonly bySecureVip = new Map<string, InstanceInfo[]>();

  constructor(readonly applications: readonly Application[]) {
    for (const app of applications) {
      this.byApp.set(app.name.toUpperCase(), app.instances);
      for (const info of app.instances) {
        addTokens(this.byVip, info.vipAddress, info);
        addTokens(this.bySecureVip, info.secureVipAddress, info);
      }
    }
  }
}

/** VIP addresses are comma-separated lists, matched case-insensitively (reference `Applications`). */
function addTokens(map: Map<string, InstanceInfo[]>, value: string | undefined, info: InstanceInfo): void {
  if (!value) return;
  for (const raw of value.split(',')) {
    const token = raw.trim().toUpperCase();
    if (token === '') continue;
    const list = map.get(token);
    if (list) list.push(info);
    else map.set(token, [info]);
  }
}

/**
 * Immutable lookup indexes over one registry snapshot: all instances (what is hashed) and the
 * view handed to callers (UP only when `filterOnlyUp`). Built once per change; every read is a
 * map lookup.
 */
export class RegistryIndex {
  readonly hashCode: string;
  readonly instanceCount: number;
  private readonly all: Lookups;
  private readonly visible: Lookups;
  private readonly byId = new Map<string, InstanceInfo>();

  constructor(applications: readonly Application[], filterOnlyUp: boolean) {
    this.all = new Lookups(applications);
    let count = 0;
    for (const app of applications) {
      for (const info of app.instances) {
        count++;
        const id = instanceIdOf(info);
        if (!this.byId.has(id)) this.byId.set(id, info);
      }
    }
    this.instanceCount = count;
    this.hashCode = appsHashCode(applications.flatMap((app) => app.instances));
    this.visible = filterOnlyUp
      ? new Lookups(
          applications
            .map((app) => ({ name: app.name, instances: app.instances.filter((info) => info.status === 'UP') }))
            .filter((app) => app.instances.length > 0),
        )
      : this.all;
  }

  static empty(filterOnlyUp: boolean): RegistryIndex {
    return new RegistryIndex([], filterOnlyUp);
  }

  /** Every application with every instance, as fetched. */
  get allApplications(): readonly Application[] {
    return this.all.applications;
  }

  /** The caller view: applications with their visible instances (apps without any are left out). */
  get visibleApplications(): readonly Application[] {
    return this.visible.applications;
  }

  hasApplication(app: string): boolean {
    return this.all.byApp.has(app.toUpperCase());
  }

  instancesOfApp(app: string, visibleOnly: boolean): readonly InstanceInfo[] {
    return (visibleOnly ? this.visible : this.all).byApp.get(app.toUpperCase()) ?? EMPTY;
  }

  instancesOfVip(vip: string, secure: boolean, visibleOnly: boolean): readonly InstanceInfo[] {
    const lookups = visibleOnly ? this.visible : this.all;
    return (secure ? lookups.bySecureVip : lookups.byVip).get(vip.trim().toUpperCase()) ?? EMPTY;
  }

  instanceById(id: string): InstanceInfo | undefined {
    return this.byId.get(id);
  }
}
