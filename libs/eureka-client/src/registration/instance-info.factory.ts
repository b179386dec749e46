import { Inject, Injectable } from '@nestjs/common';
import * as os from 'node:os';
import { emptyMetadata, InstanceInfo, InstanceStatus } from '@nest-eureka/protocol';
import { EurekaClientOptions } from '../config/eureka-client.options';
import { EUREKA_CLIENT_OPTIONS } from '../eureka-client.constants';
import { chooseIpAddress } from './ip-address.chooser';

/**
 * Builds the record this application registers, with Spring Cloud's defaults (spec §4.10):
 * instance id `<hostname>:<appName>:<port>`, `app` upper-cased, VIP addresses = the name as
 * given, `MyOwn` data center, `http://<host>:<port><path>` URLs, lease from the options.
 */
@Injectable()
export class InstanceInfoFactory {
  constructor(@Inject(EUREKA_CLIENT_OPTIONS) private readonly options: EurekaClientOptions) {}

  /** The machine's host name, or the configured `hostname`. */
  hostname(): string {
    return this.options.hostname ?? os.hostname();
  }

  /** The configured `ipAddress`, else the first usable interface address (see `chooseIpAddress`). */
  ipAddress(): string {
    return this.options.ipAddress ?? chooseIpAddress(os.networkInterfaces());
  }

  /** Zone of this instance: the first zone configured for its region, if any. */
  zone(): string | undefined {
    const zones = this.options.availabilityZones[this.options.region];
    const first = zones?.split(',')[0]?.trim();
    return first ? first : undefined;
  }

  /**
   * @param port the non-secure port: `nonSecurePort` when set, else the port the HTTP server
   *   actually listens on.
   */
  create(port: number, now: number = Date.now()): InstanceInfo {
    const o = this.options;
    const hostname = this.hostname();
    const ipAddr = this.ipAddress();
    const host = o.preferIpAddress ? ipAddr : hostname;
    const securePort = o.securePort;
    const base = `http://${host}:${port}`;

    const metadata = Object.assign(emptyMetadata(), o.metadataMap);
    const zone = this.zone();
    if (zone !== undefined && !Object.prototype.hasOwnProperty.call(metadata, 'zone')) metadata.zone = zone;

    return {
      instanceId: o.instanceId ?? `${hostname}:${o.appName}:${port}`,
      hostName: host,
      app: o.appName.toUpperCase(),
      ipAddr,
      sid: 'na',
      status: o.initialStatus,
      overriddenStatus: InstanceStatus.UNKNOWN,
      port: { port, enabled: o.nonSecurePortEnabled },
      securePort: { port: securePort, enabled: o.securePortEnabled },
      countryId: 1,
      dataCenterInfo: { name: 'MyOwn' },
      leaseInfo: {
        // Whole seconds on the wire (Java readers parse ints); sub-second intervals (tests)
        // still drive the local timers.
        renewalIntervalInSecs: wholeSeconds(o.leaseRenewalIntervalInSeconds),
        durationInSecs: wholeSeconds(o.leaseExpirationDurationInSeconds),
        registrationTimestamp: 0,
        lastRenewalTimestamp: 0,
        evictionTimestamp: 0,
        serviceUpTimestamp: 0,
      },
      metadata,
      homePageUrl: base + o.homePageUrlPath,
      statusPageUrl: base + o.statusPageUrlPath,
      // As the reference builder: the plain URL when the non-secure port is enabled, the
      // secure one when the secure port is.
      ...(o.nonSecurePortEnabled ? { healthCheckUrl: base + o.healthCheckUrlPath } : {}),
      ...(o.securePortEnabled ? { secureHealthCheckUrl: `https://${host}:${securePort}${o.healthCheckUrlPath}` } : {}),
      vipAddress: o.vipAddress ?? o.appName,
      secureVipAddress: o.secureVipAddress ?? o.appName,
      isCoordinatingDiscoveryServer: false,
      lastUpdatedTimestamp: now,
      lastDirtyTimestamp: now,
    };
  }
}

function wholeSeconds(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}
