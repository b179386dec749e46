import { decodeApplicationsJson } from './applications-json.decoder';

describe('decodeApplicationsJson', () => {
  it('versions__delta as a number becomes a string; absent -> "-1"; hash absent -> ""', () => {
    expect(decodeApplicationsJson('{"applications":{"versions__delta":42,"apps__hashcode":"UP_1_"}}')).toMatchObject({
      versionDelta: '42',
      appsHashCode: 'UP_1_',
    });
    expect(decodeApplicationsJson('{"applications":{}}')).toEqual({ versionDelta: '-1', appsHashCode: '', applications: [] });
  });

  it('takes any key starting with "version" when versions__delta is absent, ignores unknown keys', () => {
    const doc = decodeApplicationsJson('{"applications":{"registeredApplicationsEmpty":true,"version_delta":"7","application":[]}}');
    expect(doc.versionDelta).toBe('7');
  });

  it('keeps application names as sent and every instance of every application, in order', () => {
    const doc = decodeApplicationsJson(
      '{"applications":{"application":[{"name":"b","instance":[{"app":"b","hostName":"2"},{"app":"b","hostName":"1"}]},{"name":"A"}]}}',
    );
    expect(doc.applications.map((a) => [a.name, a.instances.map((i) => i.hostName)])).toEqual([
      ['b', ['2', '1']],
      ['A', []],
    ]);
  });
});
