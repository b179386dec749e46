import { CodecError, fieldKey } from '../codec/codec.error';
import { isAbsent, isPlainObject, readLong } from '../codec/common/scalar.coerce';
import { decodeBareInstance } from '../codec/json/instance-json.decoder';
import { encodeBareInstanceJson } from '../codec/json/instance-json.encoder';
import { parseJsonText } from '../codec/json/json-text.parse';
import { parseStatusStrict } from '../model/instance-status';
import { REPLICATION_ACTIONS, ReplicationAction, ReplicationInstance, ReplicationInstanceResponse } from './replication-batch';

const ITEM_KEYS = new Set(['appName', 'id', 'lastDirtyTimestamp', 'overriddenStatus', 'status', 'instanceInfo', 'action']);

/** `{"replicationList": [...]}` as the Java peers send it: no wrapper object, null fields omitted. */
export function encodeReplicationList(items: readonly ReplicationInstance[]): string {
  return `{"replicationList":[${items.map(encodeItem).join(',')}]}`;
}

function encodeItem(item: ReplicationInstance): string {
  let out = `{"appName":${JSON.stringify(item.appName)},"id":${JSON.stringify(item.id)}`;
  if (item.lastDirtyTimestamp !== undefined) out += `,"lastDirtyTimestamp":${item.lastDirtyTimestamp}`;
  if (item.overriddenStatus !== undefined) out += `,"overriddenStatus":"${item.overriddenStatus}"`;
  if (item.status !== undefined) out += `,"status":"${item.status}"`;
  if (item.instanceInfo !== undefined) out += `,"instanceInfo":${encodeBareInstanceJson(item.instanceInfo)}`;
  return `${out},"action":"${item.action}"}`;
}

/**
 * Decodes a batch. Strict where the reference is (an unknown action or an unknown item property
 * makes the whole batch undecodable), with the field named.
 */
export function decodeReplicationList(text: string): ReplicationInstance[] {
  const root = parseJsonText(text);
  if (!isPlainObject(root)) throw CodecError.expected('body', 'an object {"replicationList": [...]}', root);
  const list = root.replicationList;
  for (const key of Object.keys(root)) {
    if (key !== 'replicationList') throw new CodecError(fieldKey(key), 'unexpected key; expected only "replicationList"');
  }
  if (!Array.isArray(list)) throw CodecError.expected('replicationList', 'an array', list);
  return list.map((value, i) => decodeItem(value, `replicationList[${i}]`));
}

function decodeItem(value: unknown, path: string): ReplicationInstance {
  if (!isPlainObject(value)) throw CodecError.expected(path, 'an object', value);
  for (const key of Object.keys(value)) {
    if (!ITEM_KEYS.has(key)) throw new CodecError(`${path}.${fieldKey(key)}`, 'unknown property');
  }
  const action = value.action;
  if (typeof action !== 'string' || !(REPLICATION_ACTIONS as readonly string[]).includes(action)) {
    throw CodecError.expected(`${path}.action`, `one of ${REPLICATION_ACTIONS.join(', ')}`, action);
  }
  const item: ReplicationInstance = {
    appName: requireText(value.appName, `${path}.appName`).toUpperCase(),
    id: requireText(value.id, `${path}.id`),
    action: action as ReplicationAction,
  };
  const lastDirty = readLong(value.lastDirtyTimestamp, `${path}.lastDirtyTimestamp`);
  if (lastDirty !== undefined) item.lastDirtyTimestamp = lastDirty;
  for (const key of ['status', 'overriddenStatus'] as const) {
    if (isAbsent(value[key])) continue;
    const status = parseStatusStrict(value[key]);
    if (status === undefined) throw CodecError.expected(`${path}.${key}`, 'an instance status', value[key]);
    item[key] = status;
  }
  if (!isAbsent(value.instanceInfo)) item.instanceInfo = decodeBareInstance(value.instanceInfo, `${path}.instanceInfo`);
  return item;
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw CodecError.expected(field, 'a non-empty string', value);
  return value;
}

/** `{"responseList": [...]}`; `responseEntity` is a bare legacy-encoded instance. */
export function encodeReplicationListResponse(responses: readonly ReplicationInstanceResponse[]): string {
  const items = responses.map((r) =>
    r.responseEntity === undefined
      ? `{"statusCode":${r.statusCode}}`
      : `{"statusCode":${r.statusCode},"responseEntity":${encodeBareInstanceJson(r.responseEntity)}}`,
  );
  return `{"responseList":[${items.join(',')}]}`;
}

export function decodeReplicationListResponse(text: string): ReplicationInstanceResponse[] {
  const root = parseJsonText(text);
  if (!isPlainObject(root)) throw CodecError.expected('body', 'an object {"responseList": [...]}', root);
  const list = root.responseList;
  if (!Array.isArray(list)) throw CodecError.expected('responseList', 'an array', list);
  return list.map((value, i) => {
    const path = `responseList[${i}]`;
    if (!isPlainObject(value)) throw CodecError.expected(path, 'an object', value);
    const statusCode = value.statusCode;
    if (!Number.isInteger(statusCode)) throw CodecError.expected(`${path}.statusCode`, 'an integer', statusCode);
    const response: ReplicationInstanceResponse = { statusCode: statusCode as number };
    if (!isAbsent(value.responseEntity)) response.responseEntity = decodeBareInstance(value.responseEntity, `${path}.responseEntity`);
    return response;
  });
}

