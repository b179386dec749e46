// Wire model
export * from './model/instance-status';
export * from './model/instance-info';
export * from './model/applications';

// Codecs
export { CodecError } from './codec/codec.error';
export type { EncodeOptions } from './codec/common/encode.options';
export { decodeInstanceJson, decodeBareInstance } from './codec/json/instance-json.decoder';
export { decodeApplicationsJson, decodeApplicationJson } from './codec/json/applications-json.decoder';
export { encodeInstanceJson, encodeBareInstanceJson } from './codec/json/instance-json.encoder';
export { encodeApplicationsJson, encodeApplicationJson } from './codec/json/applications-json.encoder';
export { decodeInstanceXml } from './codec/xml/instance-xml.decoder';
export { decodeApplicationsXml, decodeApplicationXml } from './codec/xml/applications-xml.decoder';
export { encodeInstanceXml } from './codec/xml/instance-xml.encoder';
export { encodeApplicationsXml, encodeApplicationXml } from './codec/xml/applications-xml.encoder';

// Hashcode (spec §8.2) and registration validation (spec §15)
export { appsHashCode, hashCodeFromCounts } from './hashcode/apps-hashcode';
export { validateRegistration } from './validation/registration.validator';
export type { RegistrationValidationOptions } from './validation/registration.validator';
export { escapeXmlText } from './codec/xml/xml-text.escape';

// Peer replication batch (spec §12.3)
export { REPLICATION_ACTIONS } from './replication/replication-batch';
export type { ReplicationAction, ReplicationInstance, ReplicationInstanceResponse } from './replication/replication-batch';
export {
  decodeReplicationList,
  decodeReplicationListResponse,
  encodeReplicationList,
  encodeReplicationListResponse,
} from './replication/replication-batch.codec';
export { MAX_JSON_DEPTH, jsonDepthExceeds } from './codec/json/json-text.parse';
