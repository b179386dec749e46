import { decodeInstanceJson } from '@nest-eureka/protocol';
import { resolveServerOptions } from '../config/resolve-server-options';
import { LimitViolationLog } from './limit-violation.log';
import { nodeServerLimits } from './node-server-limits';
import { LIMITED_FIELDS, checkMetadataLimits, checkMetadataUpdateLimits, checkRegistrationLimits } from './registration-limits';

const DCI = { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' };
const instance = (fields: Record<string, unknown> = {}) =>
  decodeInstanceJson(JSON.stringify({ instance: { instanceId: 'i-1', hostName: 'h', app: 'A', ipAddr: '10.0.0.1', dataCenterInfo: DCI, ...fields } }));
const LIMITS = { maxMetadataEntries: 3, maxFieldLength: 10 };

describe('registration limits', () => {
  it('defaults: 4096 metadata entries, 4096 characters, 16 KiB headers, 30 s per request', () => {
    const o = resolveServerOptions();
    expect([o.maxMetadataEntries, o.maxFieldLength, o.maxHeaderSize, o.requestTimeoutMs]).toEqual([4096, 4096, 16384, 30000]);
    expect(() => resolveServerOptions({ maxFieldLength: 0 })).toThrow(/maxFieldLength/);
    expect(() => resolveServerOptions({ maxMetadataEntries: 1.5 })).toThrow(/maxMetadataEntries/);
  });

  it('accepts values at the limits', () => {
    expect(checkRegistrationLimits(instance({ hostName: 'h'.repeat(10), metadata: { a: '1', b: '2', c: 'x'.repeat(10) } }), LIMITS)).toBeUndefined();
  });

  it.each(LIMITED_FIELDS)('%s longer than maxFieldLength -> named', (field) => {
    const v = checkRegistrationLimits(instance({ [field]: field === 'app' ? 'A'.repeat(11) : 'x'.repeat(11) }), LIMITS);
    expect(v).toEqual({ limit: 'maxFieldLength', field, message: `${field}: 11 characters exceed maxFieldLength (10)` });
  });

  it('too many metadata entries, a long key, a long value', () => {
    expect(checkRegistrationLimits(instance({ metadata: { a: '1', b: '2', c: '3', d: '4' } }), LIMITS)?.message).toBe(
      'metadata: 4 entries exceed maxMetadataEntries (3)',
    );
    expect(checkRegistrationLimits(instance({ metadata: { ['k'.repeat(11)]: '1' } }), LIMITS)?.message).toBe(
      'metadata key "kkkkkkkkkkk": 11 characters exceed maxFieldLength (10)',
    );
    expect(checkRegistrationLimits(instance({ metadata: { zone: 'z'.repeat(11) } }), LIMITS)?.message).toBe(
      'metadata["zone"]: 11 characters exceed maxFieldLength (10)',
    );
    const longKey = 'k'.repeat(500);
    expect(checkMetadataLimits([[longKey, 'v']], { maxMetadataEntries: 5, maxFieldLength: 100 })!.message.length).toBeLessThan(150);
  });
});

describe('metadata update limits', () => {
  const existing = Object.assign(Object.create(null), { a: '1', b: '2' }) as Record<string, string>;

  it('counts the metadata after the merge: keys already present count once', () => {
    expect(checkMetadataUpdateLimits(existing, [['a', 'x'], ['c', '3']], LIMITS)).toBeUndefined();
    expect(checkMetadataUpdateLimits(existing, [['c', '3'], ['d', '4']], LIMITS)).toEqual({
      limit: 'maxMetadataEntries',
      field: 'metadata',
      message: 'metadata: 4 entries after the update exceed maxMetadataEntries (3)',
    });
    const wide = { maxMetadataEntries: 3, maxFieldLength: 20 };
    expect(checkMetadataUpdateLimits(Object.create(null), [['hasOwnProperty', '1'], ['__proto__', '2'], ['x', '3']], wide)).toBeUndefined();
    expect(checkMetadataUpdateLimits(Object.create(null), [['hasOwnProperty', '1'], ['__proto__', '2'], ['x', '3'], ['y', '4']], wide)?.limit).toBe('maxMetadataEntries');
  });

  it('checks key and value lengths, allows keys that are not XML names', () => {
    expect(checkMetadataUpdateLimits(existing, [['k'.repeat(11), '1']], LIMITS)?.message).toBe('metadata key "kkkkkkkkkkk": 11 characters exceed maxFieldLength (10)');
    expect(checkMetadataUpdateLimits(existing, [['a', 'v'.repeat(11)]], LIMITS)?.message).toBe('metadata["a"]: 11 characters exceed maxFieldLength (10)');
    expect(checkMetadataUpdateLimits(existing, [['1 bad:key', 'v'.repeat(10)]], LIMITS)).toBeUndefined();
  });
});

describe('LimitViolationLog', () => {
  it('logs once per address and keeps a bounded set', () => {
    const warn = jest.fn();
    const log = new LimitViolationLog({ warn }, 3);
    for (let round = 0; round < 5; round++) for (const a of ['1.1.1.1', '2.2.2.2']) log.report(a, 'x');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toMatch(/1\.1\.1\.1 rejected: x/);
    for (let i = 0; i < 100; i++) log.report(`10.0.0.${i}`, 'y');
    expect(log.size).toBe(3);
    expect(warn).toHaveBeenCalledTimes(102);
  });
});

describe('nodeServerLimits', () => {
  it('maps the options onto Node server options', () => {
    expect(nodeServerLimits({ maxHeaderSize: 8192, requestTimeoutMs: 2000 })).toEqual({
      maxHeaderSize: 8192,
      requestTimeout: 2000,
      headersTimeout: 2000,
      connectionsCheckingInterval: 500,
    });
    expect(nodeServerLimits()).toMatchObject({ maxHeaderSize: 16384, requestTimeout: 30000, connectionsCheckingInterval: 7500 });
  });
});
