import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Applications } from '../../model/applications';
import { InstanceInfo } from '../../model/instance-info';
import { PROBE_DIR, listProbes, readProbe } from '../../../../../test/support/java-fixtures';
import { CodecError } from '../codec.error';
import { decodeApplicationsJson } from './applications-json.decoder';
import { decodeInstanceJson } from './instance-json.decoder';

type ProbeExpectation =
  | { accept: true; check: (decoded: InstanceInfo) => void }
  | { acceptApps: true; check: (decoded: Applications) => void }
  | { rejectField: string };

const accept = (check: (decoded: InstanceInfo) => void): ProbeExpectation => ({ accept: true, check });
const acceptApps = (check: (decoded: Applications) => void): ProbeExpectation => ({ acceptApps: true, check });
const reject = (field: string): ProbeExpectation => ({ rejectField: field });

/**
 * One explicit expectation per probe. Rejections are exactly where the reference legacy decoder is
 * strict (spec §4.8/§17 #16): scalar port, `dataCenterInfo` without `@class`, extra root keys.
 * `unknown-array` is the one probe where we are deliberately more lenient than the legacy decoder
 * (spec §4.3: unknown object/array fields MUST be skipped safely).
 */
const PROBES: Record<string, ProbeExpectation> = {
  'apps-keys-after.json': acceptApps((doc) => {
    expect(doc.versionDelta).toBe('5');
    expect(doc.appsHashCode).toBe('UP_1_');
    expect(doc.applications.map((a) => [a.name, a.instances.length])).toEqual([['APP', 1]]);
  }),
  'apps-no-application-key.json': acceptApps((doc) => {
    expect(doc).toEqual({ versionDelta: '5', appsHashCode: 'UP_1_', applications: [] });
  }),
  'apps-single-objects.json': acceptApps((doc) => {
    expect(doc.versionDelta).toBe('5');
    expect(doc.applications).toHaveLength(1);
    expect(doc.applications[0].instances.map((i) => i.hostName)).toEqual(['h1']);
  }),
  'base.json': accept((i) => {
    expect(i.app).toBe('APP');
    expect(i.status).toBe('UP');
    expect(i.port).toEqual({ port: 8080, enabled: true });
    expect(i.securePort).toEqual({ port: 443, enabled: false });
    expect(i.dataCenterInfo).toEqual({ name: 'MyOwn' });
    expect(i.leaseInfo).toBeUndefined();
  }),
  'extra-root.json': reject('extra'),
  'lease-string.json': accept((i) => {
    expect(i.leaseInfo).toMatchObject({ renewalIntervalInSecs: 10, durationInSecs: 20 });
  }),
  'lower-overridden.json': accept((i) => {
    expect(i.overriddenStatus).toBe('OUT_OF_SERVICE');
  }),
  // The legacy decoder maps "up" to UNKNOWN; our decoders are case-insensitive (brief, spec §5.2).
  'lowercase-status.json': accept((i) => {
    expect(i.status).toBe('UP');
  }),
  'metadata-nonstring.json': accept((i) => {
    expect({ ...i.metadata }).toEqual({ a: '1', b: 'true', c: 'null' });
  }),
  'no-class-dci.json': reject('instance.dataCenterInfo.@class'),
  'nulls.json': accept((i) => {
    expect(i.appGroupName).toBeUndefined();
    expect(i.asgName).toBeUndefined();
    expect(i.secureHealthCheckUrl).toBeUndefined();
    expect(i.leaseInfo).toBeUndefined();
    expect(Object.keys(i)).not.toContain('asgName');
  }),
  'scalar-port.json': reject('instance.port'),
  'typed-scalars.json': accept((i) => {
    expect(i.port).toEqual({ port: 8080, enabled: true });
    expect(i.lastDirtyTimestamp).toBe(123);
    expect(i.isCoordinatingDiscoveryServer).toBe(true);
    expect(i.countryId).toBe(2);
  }),
  'unknown-array.json': accept((i) => {
    expect(i.asgName).toBe('after');
  }),
  'unknown-object.json': accept((i) => {
    expect(i.asgName).toBe('after');
  }),
  'unknown-scalar.json': accept((i) => {
    expect(i.vipAddress).toBe('app');
  }),
};

/** Where we knowingly differ from the legacy decoder's accept/reject verdict. */
const MORE_LENIENT_THAN_LEGACY = new Set(['unknown-array.json']);

function legacyVerdicts(): Map<string, boolean> {
  const tsv = readFileSync(resolve(PROBE_DIR, 'probe-results.tsv'), 'utf8');
  const verdicts = new Map<string, boolean>();
  for (const line of tsv.split('\n')) {
    const [file, decoder, result] = line.split('\t');
    if (decoder === 'legacy-json') verdicts.set(file, result.startsWith('OK'));
  }
  return verdicts;
}

describe('probes/*.json (hand-written edge cases)', () => {
  it('has an explicit expectation for every probe file', () => {
    expect(listProbes()).toEqual(Object.keys(PROBES).sort());
  });

  it('accepts/rejects like the reference legacy decoder, except the documented leniency', () => {
    const legacy = legacyVerdicts();
    expect(legacy.size).toBe(16);
    for (const [file, exp] of Object.entries(PROBES)) {
      const weAccept = !('rejectField' in exp);
      expect([file, weAccept]).toEqual([file, MORE_LENIENT_THAN_LEGACY.has(file) ? !legacy.get(file) : legacy.get(file)]);
    }
  });

  it.each(Object.entries(PROBES))('%s', (file, exp) => {
    const text = readProbe(file);
    if ('rejectField' in exp) {
      let error: unknown;
      try {
        decodeInstanceJson(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CodecError);
      expect((error as CodecError).field).toBe(exp.rejectField);
      expect((error as CodecError).message.startsWith(`${exp.rejectField}: `)).toBe(true);
    } else if ('acceptApps' in exp) {
      exp.check(decodeApplicationsJson(text));
    } else {
      exp.check(decodeInstanceJson(text));
    }
  });

  it('names the port shape in the scalar-port error', () => {
    expect(() => decodeInstanceJson(readProbe('scalar-port.json'))).toThrow(
      'instance.port: expected an object {"$": <port>, "@enabled": <bool>}, got a number',
    );
  });
});
