import { decodeApplicationsJson } from '../codec/json/applications-json.decoder';
import { decodeApplicationsXml } from '../codec/xml/applications-xml.decoder';
import { InstanceStatus } from '../model/instance-status';
import { listFixtures } from '../../../../test/support/java-fixtures';
import { appsHashCode, hashCodeFromCounts } from './apps-hashcode';

const of = (...statuses: InstanceStatus[]) => statuses.map((status) => ({ status }));

describe('appsHashCode (spec §8.2)', () => {
  it('3 UP + 1 DOWN -> DOWN_1_UP_3_', () => {
    expect(appsHashCode(of('UP', 'DOWN', 'UP', 'UP'))).toBe('DOWN_1_UP_3_');
  });

  it('1 OUT_OF_SERVICE + 2 STARTING + 1 UP -> OUT_OF_SERVICE_1_STARTING_2_UP_1_', () => {
    expect(appsHashCode(of('STARTING', 'UP', 'OUT_OF_SERVICE', 'STARTING'))).toBe('OUT_OF_SERVICE_1_STARTING_2_UP_1_');
  });

  it('empty -> ""', () => {
    expect(appsHashCode([])).toBe('');
  });

  it('orders all five statuses as plain strings: DOWN < OUT_OF_SERVICE < STARTING < UNKNOWN < UP', () => {
    expect(appsHashCode(of('UP', 'UNKNOWN', 'STARTING', 'OUT_OF_SERVICE', 'DOWN', 'UP'))).toBe(
      'DOWN_1_OUT_OF_SERVICE_1_STARTING_1_UNKNOWN_1_UP_2_',
    );
  });

  it('accepts any iterable (a generator here)', () => {
    function* gen() {
      yield { status: InstanceStatus.DOWN };
      yield { status: InstanceStatus.DOWN };
    }
    expect(appsHashCode(gen())).toBe('DOWN_2_');
  });

  it('hashCodeFromCounts gives the same strings from counts, skipping zero and missing', () => {
    expect(hashCodeFromCounts({ UP: 3, DOWN: 1 })).toBe('DOWN_1_UP_3_');
    expect(hashCodeFromCounts({ UP: 1, STARTING: 2, OUT_OF_SERVICE: 1, UNKNOWN: 0 })).toBe('OUT_OF_SERVICE_1_STARTING_2_UP_1_');
    expect(hashCodeFromCounts({})).toBe('');
    expect(hashCodeFromCounts({ UP: 0, DOWN: 0 })).toBe('');
  });

  it("recomputes every fixture Applications document's apps__hashcode from its instances", () => {
    const fixtures = listFixtures().filter((f) => f.kind === 'applications' && f.codec === 'legacy');
    expect(fixtures.map((f) => f.stem).sort()).toEqual(['applications.full', 'delta', 'empty-applications']);
    const seen: string[] = [];
    for (const f of listFixtures().filter((x) => x.kind === 'applications' && x.codec !== 'spring-rest')) {
      const doc = f.format === 'json' ? decodeApplicationsJson(f.text) : decodeApplicationsXml(f.text);
      const instances = doc.applications.flatMap((a) => a.instances);
      if (f.stem === 'delta') {
        // spec §8.1: a delta carries the hash of the full registry, not of its own 3 entries.
        expect(doc.appsHashCode).toBe('DOWN_1_OUT_OF_SERVICE_1_UP_2_');
        expect(appsHashCode(instances)).toBe('DOWN_1_OUT_OF_SERVICE_1_UP_1_');
      } else {
        expect([f.file, appsHashCode(instances)]).toEqual([f.file, doc.appsHashCode]);
      }
      seen.push(f.file);
    }
    expect(seen).toHaveLength(24);
  });
});
