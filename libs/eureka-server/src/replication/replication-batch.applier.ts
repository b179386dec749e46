import { Logger } from '@nestjs/common';
import {
  InstanceStatus,
  ReplicationInstance,
  ReplicationInstanceResponse,
  validateRegistration,
} from '@nest-eureka/protocol';
import { RegistrationLimits, checkRegistrationLimits } from '../limits/registration-limits';
import { InstanceRegistry } from '../registry/instance-registry';
import { normalizeRegistration } from '../registry/registration-normalizer';
import { decorateWithLease } from '../registry/registry-documents';

const OK: ReplicationInstanceResponse = { statusCode: 200 };
const NOT_FOUND: ReplicationInstanceResponse = { statusCode: 404 };
const FAILED: ReplicationInstanceResponse = { statusCode: 500 };

/**
 * Applies the items of a received batch (spec §12.4), each as a replication (never forwarded),
 * answering per item in order. One failing item answers 500 and the rest go on.
 */
export class ReplicationBatchApplier {
  private readonly logger = new Logger('EurekaReplication');

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly limits: RegistrationLimits,
  ) {}

  apply(items: readonly ReplicationInstance[]): ReplicationInstanceResponse[] {
    return items.map((item) => {
      try {
        return this.applyOne(item);
      } catch (error) {
        this.logger.warn(`replicated ${item.action} of ${item.appName}/${item.id} failed: ${(error as Error).message}`);
        return FAILED;
      }
    });
  }

  private applyOne(item: ReplicationInstance): ReplicationInstanceResponse {
    const { appName, id } = item;
    switch (item.action) {
      case 'Register': {
        if (!item.instanceInfo) return FAILED;
        const info = normalizeRegistration(item.instanceInfo);
        const invalid = validateRegistration(info, appName) ?? checkRegistrationLimits(info, this.limits)?.message;
        // The reference answers 200 even when validation rejects a replicated registration.
        if (invalid) {
          this.logger.warn(`replicated Register of ${appName}/${id} rejected: ${invalid}`);
          return OK;
        }
        this.registry.register(info, true);
        return OK;
      }
      case 'Heartbeat': {
        const outcome = this.registry.renewWithTimestamp(appName, id, true, item.lastDirtyTimestamp, item.overriddenStatus);
        if (outcome.code === 409) return { statusCode: 409, responseEntity: decorateWithLease(outcome.lease) };
        return outcome.code === 200 ? OK : NOT_FOUND;
      }
      case 'Cancel':
        return this.registry.cancel(appName, id, true) ? OK : NOT_FOUND;
      case 'StatusUpdate': {
        if (!item.status) return FAILED;
        return this.registry.statusUpdate(appName, id, item.status, item.lastDirtyTimestamp, true) ? OK : NOT_FOUND;
      }
      case 'DeleteStatusOverride': {
        // An absent timestamp is treated as absent (the reference answers 500 there).
        const fallback = item.status ?? InstanceStatus.UNKNOWN;
        return this.registry.deleteStatusOverride(appName, id, fallback, item.lastDirtyTimestamp, true) ? OK : NOT_FOUND;
      }
    }
  }
}
