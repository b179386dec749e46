import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ON_APPLICATIONS_CHANGED_METADATA } from '../eureka-client.constants';
import { ApplicationsChangedNotifier } from './applications-changed.notifier';
import { OnApplicationsChangedMetadata } from './on-applications-changed.decorator';

/**
 * Finds `@OnApplicationsChanged` methods on every singleton provider and controller at module
 * init (before the first fetch, which starts at bootstrap) and registers them with the notifier.
 */
@Injectable()
export class ApplicationsChangedExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly notifier: ApplicationsChangedNotifier,
  ) {}

  onModuleInit(): void {
    const seen = new Set<object>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) continue;
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const metadata = this.reflector.get<OnApplicationsChangedMetadata | undefined>(ON_APPLICATIONS_CHANGED_METADATA, fn);
        if (!metadata) continue;
        this.notifier.addHandler({
          app: metadata.app,
          name: `${instance.constructor?.name ?? 'anonymous'}.${method}`,
          handle: (event) => (fn as (e: unknown) => unknown).call(instance, event),
        });
      }
    }
  }
}
