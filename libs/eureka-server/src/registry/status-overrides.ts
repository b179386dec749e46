import { InstanceStatus } from '@nest-eureka/protocol';

/**
 * Status overrides keyed by application AND instance id. The reference keys them by id alone,
 * which lets a request for one application change the status of another application's instance
 * with the same id; here an override belongs to exactly one (app, id) pair.
 */
export class StatusOverrides {
  private readonly byApp = new Map<string, Map<string, InstanceStatus>>();

  get(app: string, id: string): InstanceStatus | undefined {
    return this.byApp.get(app)?.get(id);
  }

  has(app: string, id: string): boolean {
    return this.byApp.get(app)?.has(id) ?? false;
  }

  /** Whether any instance of `app` has an override. */
  hasApp(app: string): boolean {
    return this.byApp.has(app);
  }

  set(app: string, id: string, status: InstanceStatus): void {
    let ids = this.byApp.get(app);
    if (!ids) {
      ids = new Map();
      this.byApp.set(app, ids);
    }
    ids.set(id, status);
  }

  delete(app: string, id: string): boolean {
    const ids = this.byApp.get(app);
    if (!ids || !ids.delete(id)) return false;
    if (ids.size === 0) this.byApp.delete(app);
    return true;
  }

  *entries(): IterableIterator<[string, string, InstanceStatus]> {
    for (const [app, ids] of this.byApp) for (const [id, status] of ids) yield [app, id, status];
  }
}
