import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { ApplicationsChangedEvent } from './applications-changed.event';

export interface ApplicationsChangedHandler {
  /** Upper-case app the handler is about; undefined for every app. */
  app?: string;
  /** `Class.method`, for logs. */
  name: string;
  handle(event: ApplicationsChangedEvent): unknown;
}

/**
 * Delivers change events to the `applicationsChanged$` stream and to `@OnApplicationsChanged`
 * handlers. A handler that throws or rejects is logged; the fetcher never sees it.
 */
@Injectable()
export class ApplicationsChangedNotifier implements OnModuleDestroy {
  private readonly logger = new Logger('EurekaClient');
  private readonly subject = new Subject<ApplicationsChangedEvent>();
  private readonly handlers: ApplicationsChangedHandler[] = [];
  readonly events$: Observable<ApplicationsChangedEvent> = this.subject.asObservable();

  addHandler(handler: ApplicationsChangedHandler): void {
    this.handlers.push({ ...handler, app: handler.app?.toUpperCase() });
  }

  get handlerCount(): number {
    return this.handlers.length;
  }

  emit(event: ApplicationsChangedEvent): void {
    for (const handler of this.handlers) {
      if (handler.app !== undefined && !event.apps.includes(handler.app)) continue;
      try {
        const result = handler.handle(event);
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          (result as Promise<unknown>).then(undefined, (error: unknown) => this.report(handler, error));
        }
      } catch (error) {
        this.report(handler, error);
      }
    }
    try {
      this.subject.next(event);
    } catch (error) {
      this.logger.error(`applicationsChanged$ subscriber failed: ${describe(error)}`);
    }
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }

  private report(handler: ApplicationsChangedHandler, error: unknown): void {
    this.logger.error(`@OnApplicationsChanged handler ${handler.name} failed: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
