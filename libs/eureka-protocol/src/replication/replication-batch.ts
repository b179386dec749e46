import { InstanceInfo } from '../model/instance-info';
import { InstanceStatus } from '../model/instance-status';

/** The five actions of a replication batch item (case-sensitive on the wire). */
export const REPLICATION_ACTIONS = ['Register', 'Heartbeat', 'Cancel', 'StatusUpdate', 'DeleteStatusOverride'] as const;
export type ReplicationAction = (typeof REPLICATION_ACTIONS)[number];

/** One item of `POST {B}/peerreplication/batch` (reference `ReplicationInstance`, spec §12.3). */
export interface ReplicationInstance {
  appName: string;
  id: string;
  /** Epoch ms, a JSON number on the wire. */
  lastDirtyTimestamp?: number;
  /** Heartbeat only: the sender's override for the instance. */
  overriddenStatus?: InstanceStatus;
  /** The sender's current status (StatusUpdate: the new one; DeleteStatusOverride: the one after). */
  status?: InstanceStatus;
  /** Register only: the bare instance, legacy encoding. */
  instanceInfo?: InstanceInfo;
  action: ReplicationAction;
}

/** One answer per item, same order (reference `ReplicationInstanceResponse`). */
export interface ReplicationInstanceResponse {
  statusCode: number;
  /** Heartbeat 409: the receiver's copy of the instance. */
  responseEntity?: InstanceInfo;
}
