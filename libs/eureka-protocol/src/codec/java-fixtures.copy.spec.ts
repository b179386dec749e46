import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FIXTURE_DIR, assertFixtureDir } from '../../../../test/support/java-fixtures';

/** The shared fixtures this repository's copy was taken from, when the workspace has them beside the repo. */
const SHARED_DIR = resolve(__dirname, '../../../../../shared/fixtures/java-encoded');

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]));
}

describe('the fixture copy in this repository', () => {
  it('holds every Java-encoded payload with its README and expected dumps', () => {
    assertFixtureDir();
    const list = files(FIXTURE_DIR);
    expect(list).toContain('README.md');
    expect(list.filter((f) => f.endsWith('.expected.txt')).length).toBe(10);
    expect(list.filter((f) => /\.(json|xml)$/.test(f) && !f.startsWith('probes/')).length).toBe(90);
  });

  (existsSync(SHARED_DIR) ? it : it.skip)('is identical to ../shared/fixtures/java-encoded', () => {
    const shared = files(SHARED_DIR);
    expect(files(FIXTURE_DIR)).toEqual(shared);
    for (const f of shared) expect(readFileSync(join(FIXTURE_DIR, f)).equals(readFileSync(join(SHARED_DIR, f)))).toBe(true);
  });
});
