import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Test support: payloads written by the real Java Eureka codecs, kept in
 * `test/fixtures/java-encoded` (see its README for which codec wrote which file).
 * Resolved from this file, so it works from any cwd.
 */
export const FIXTURE_DIR = resolve(__dirname, '../fixtures/java-encoded');
export const PROBE_DIR = resolve(FIXTURE_DIR, 'probes');

export type FixtureKind = 'applications' | 'application' | 'instance';
export type FixtureFormat = 'json' | 'xml';

export interface Fixture {
  file: string;
  stem: string;
  /** `legacy`, `cloud`, `jackson`, `jackson-mini`, `spring-rest`, `xstream`. */
  codec: string;
  format: FixtureFormat;
  kind: FixtureKind;
  compact: boolean;
  text: string;
}

/** Fails loudly (throws) when the fixture folder is missing, so no test can silently pass on nothing. */
export function assertFixtureDir(): void {
  if (!existsSync(FIXTURE_DIR)) {
    throw new Error(`Java fixture folder not found at ${FIXTURE_DIR}; the codec tests need test/fixtures/java-encoded`);
  }
}

const FILE_PATTERN = /^(.+)\.(legacy|cloud|jackson|jackson-mini|spring-rest|xstream)\.(json|xml)$/;

export function listFixtures(): Fixture[] {
  assertFixtureDir();
  return readdirSync(FIXTURE_DIR)
    .sort()
    .flatMap((file) => {
      const m = FILE_PATTERN.exec(file);
      if (!m) return [];
      const [, stem, codec, format] = m;
      return [
        {
          file,
          stem,
          codec,
          format: format as FixtureFormat,
          kind: kindOf(stem),
          compact: codec === 'jackson-mini',
          text: readFileSync(resolve(FIXTURE_DIR, file), 'utf8'),
        },
      ];
    });
}

export function readFixture(file: string): string {
  assertFixtureDir();
  return readFileSync(resolve(FIXTURE_DIR, file), 'utf8');
}

export function readExpected(stem: string): string {
  return readFixture(`${stem}.expected.txt`);
}

export function listStems(): string[] {
  assertFixtureDir();
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.expected.txt'))
    .map((f) => f.slice(0, -'.expected.txt'.length))
    .sort();
}

export function kindOf(stem: string): FixtureKind {
  if (stem === 'applications.full' || stem === 'delta' || stem === 'empty-applications') return 'applications';
  if (stem === 'application') return 'application';
  return 'instance';
}

export function listProbes(): string[] {
  assertFixtureDir();
  return readdirSync(PROBE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function readProbe(file: string): string {
  return readFileSync(resolve(PROBE_DIR, file), 'utf8');
}
