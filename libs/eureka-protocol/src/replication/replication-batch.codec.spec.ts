import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CodecError } from '../codec/codec.error';
import {
  decodeReplicationList,
  decodeReplicationListResponse,
  encodeReplicationList,
  encodeReplicationListResponse,
} from './replication-batch.codec';

const FIXTURES = resolve(__dirname, '../../fixtures/replication');
const read = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');

describe('replication batch codec (spec §12.3)', () => {
  it('decodes the reference request and re-encodes it to the same JSON', () => {
    const text = read('batch-request.json');
    const items = decodeReplicationList(text);
    expect(items.map((i) => i.action)).toEqual(['Register', 'Heartbeat', 'Cancel', 'StatusUpdate', 'DeleteStatusOverride']);
    expect(items[0].instanceInfo!.instanceId).toBe('orders-1.internal:orders:8080');
    expect(items[0].instanceInfo!.port).toEqual({ port: 8080, enabled: true });
    expect(items[1]).toEqual({
      appName: 'ORDERS',
      id: 'orders-1.internal:orders:8080',
      lastDirtyTimestamp: 1699999999000,
      overriddenStatus: 'OUT_OF_SERVICE',
      status: 'OUT_OF_SERVICE',
      action: 'Heartbeat',
    });
    expect(items[2]).toEqual({ appName: 'ORDERS', id: 'orders-9.internal:orders:8080', action: 'Cancel' });
    const reencoded = encodeReplicationList(items);
    expect(JSON.parse(reencoded)).toEqual(JSON.parse(text));
    // lastDirtyTimestamp is a JSON number in items (a string inside instanceInfo).
    expect(reencoded).toContain('"lastDirtyTimestamp":1699999999000,"status":"UP","instanceInfo"');
    expect(reencoded).toContain('"lastDirtyTimestamp":"1699999999000"');
  });

  it('decodes the reference response and re-encodes it to the same JSON', () => {
    const text = read('batch-response.json');
    const responses = decodeReplicationListResponse(text);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 409, 404, 200, 200]);
    expect(responses[1].responseEntity!.lastDirtyTimestamp).toBe(1700000005000);
    expect(JSON.parse(encodeReplicationListResponse(responses))).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"replicationList":[{"appName":"A","id":"i","action":"Explode"}]}', 'replicationList[0].action'],
    ['{"replicationList":[{"appName":"A","id":"i","action":"Cancel","extra":1}]}', 'replicationList[0].extra'],
    ['{"replicationList":[{"id":"i","action":"Cancel"}]}', 'replicationList[0].appName'],
    ['{"replicationList":[{"appName":"A","id":"i","action":"StatusUpdate","status":"SIDEWAYS"}]}', 'replicationList[0].status'],
    ['{"replicationList":[{"appName":"A","id":"i","action":"Heartbeat","lastDirtyTimestamp":"soon"}]}', 'replicationList[0].lastDirtyTimestamp'],
    ['{"replicationList":{}}', 'replicationList'],
    ['{"replicationList":[],"more":1}', 'more'],
    ['{"replicationList":[', 'body'],
  ])('rejects %s naming %s', (text, field) => {
    try {
      decodeReplicationList(text);
      throw new Error('decoded');
    } catch (error) {
      expect(error).toBeInstanceOf(CodecError);
      expect((error as CodecError).field).toBe(field);
    }
  });

  it('upper-cases appName like the path segment of the single-operation endpoints', () => {
    expect(decodeReplicationList('{"replicationList":[{"appName":"orders","id":"i","action":"Cancel"}]}')[0].appName).toBe('ORDERS');
  });
});
