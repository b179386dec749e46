import { Injectable } from '@nestjs/common';
import { DiscoveryService, ModulesContainer, Reflector } from '@nestjs/core';
import { EurekaClientModuleOptions } from '../config/eureka-client.options';
import { ENABLE_DISCOVERY_METADATA } from '../eureka-client.constants';

/** Where `@EnableDiscovery` was found, with its options. */
export interface FoundEnableDiscovery {
  /** The decorated class (a module, provider or controller). */
  target: Function;
  options: EurekaClientModuleOptions;
}

/**
 * Finds `@EnableDiscovery` among the application's module classes (`ModulesContainer`) and
 * provider and controller classes (`DiscoveryService`). Runs once, when the client options are
 * first resolved (after scanning, before any instance is created); the result is kept.
 */
@Injectable()
export class EnableDiscoveryExplorer {
  private result?: { found: FoundEnableDiscovery | undefined };

  constructor(
    private readonly modules: ModulesContainer,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  /**
   * The class carrying `@EnableDiscovery`, undefined when there is none. Throws when two
   * classes carry it with different options; the same options on several classes are accepted
   * (the first one found is reported).
   */
  find(): FoundEnableDiscovery | undefined {
    this.result ??= { found: this.explore() };
    return this.result.found;
  }

  private explore(): FoundEnableDiscovery | undefined {
    const carriers: FoundEnableDiscovery[] = [];
    const seen = new Set<Function>();
    for (const target of this.candidateClasses()) {
      if (seen.has(target)) continue;
      seen.add(target);
      const options = this.reflector.get<EurekaClientModuleOptions | undefined>(ENABLE_DISCOVERY_METADATA, target);
      if (options !== undefined) carriers.push({ target, options });
    }
    const [first, ...others] = carriers;
    for (const other of others) {
      if (canonical(other.options) !== canonical(first.options)) {
        throw new Error(
          `@EnableDiscovery is declared on both ${nameOf(first.target)} and ${nameOf(other.target)} with different options ` +
            `(${canonical(first.options)} vs ${canonical(other.options)}); declare it once, or with the same options`,
        );
      }
    }
    return first;
  }

  private *candidateClasses(): Iterable<Function> {
    for (const module of this.modules.values()) {
      if (typeof module.metatype === 'function') yield module.metatype;
    }
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      // Class providers and controllers: the class itself. Value providers (no metatype, the
      // instance is known at scan time): the instance's class. Factories are skipped: what they
      // return is not known before they run.
      if (typeof wrapper.metatype === 'function') {
        if (!wrapper.isFactory) yield wrapper.metatype;
      } else if (wrapper.instance && typeof wrapper.instance === 'object') {
        const ctor = (wrapper.instance as object).constructor;
        if (typeof ctor === 'function' && ctor !== Object) yield ctor;
      }
    }
  }
}

function nameOf(target: Function): string {
  return target.name || '<anonymous class>';
}

/** JSON with object keys sorted at every level, for comparing option sets. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
