import { InstanceInfo } from '../../model/instance-info';
import { decodeApplicationsJson } from './applications-json.decoder';
import { encodeApplicationJson, encodeApplicationsJson } from './applications-json.encoder';
import { sampleInstance } from '../../testing/sample-instance';

const instance = (id: string, status: InstanceInfo['status'] = 'UP'): InstanceInfo =>
  sampleInstance({ instanceId: id, hostName: `${id}.internal`, status, lastUpdatedTimestamp: 5, lastDirtyTimestamp: 4 });

describe('encodeApplicationsJson', () => {
  it('empty registry: keys first as strings, application always an array', () => {
    expect(encodeApplicationsJson({ versionDelta: '1', appsHashCode: '', applications: [] })).toBe(
      '{"applications":{"versions__delta":"1","apps__hashcode":"","application":[]}}',
    );
  });

  it('instance lists are arrays even for one instance or none', () => {
    const text = encodeApplicationsJson({
      versionDelta: '42',
      appsHashCode: 'UP_1_',
      applications: [
        { name: 'ORDERS', instances: [instance('o-1')] },
        { name: 'EMPTY', instances: [] },
      ],
    });
    const doc = JSON.parse(text).applications;
    expect(Object.keys(doc)).toEqual(['versions__delta', 'apps__hashcode', 'application']);
    expect(doc.versions__delta).toBe('42');
    expect(Array.isArray(doc.application[0].instance)).toBe(true);
    expect(doc.application[0].instance).toHaveLength(1);
    expect(doc.application[1]).toEqual({ name: 'EMPTY', instance: [] });
  });

  it('compact: only the compact instance fields, list before the two strings', () => {
    const text = encodeApplicationsJson(
      { versionDelta: '1', appsHashCode: 'UP_1_', applications: [{ name: 'ORDERS', instances: [instance('o-1')] }] },
      { compact: true },
    );
    const doc = JSON.parse(text).applications;
    expect(Object.keys(doc)).toEqual(['application', 'versions__delta', 'apps__hashcode']);
    expect(doc.application[0].instance[0]).toEqual({
      instanceId: 'o-1',
      app: 'ORDERS',
      ipAddr: '10.0.0.1',
      dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
      hostName: 'o-1.internal',
      status: 'UP',
      lastUpdatedTimestamp: 5,
      port: { $: 8080, '@enabled': 'true' },
      securePort: { $: 443, '@enabled': 'false' },
    });
  });

  it('round-trips through decodeApplicationsJson', () => {
    const doc = { versionDelta: '3', appsHashCode: 'DOWN_1_UP_1_', applications: [{ name: 'ORDERS', instances: [instance('a'), instance('b', 'DOWN')] }] };
    expect(decodeApplicationsJson(encodeApplicationsJson(doc))).toEqual(doc);
  });
});

describe('encodeApplicationJson', () => {
  it('wraps one application, compact or not', () => {
    const app = { name: 'ORDERS', instances: [instance('o-1')] };
    expect(JSON.parse(encodeApplicationJson(app)).application.instance[0].overriddenStatus).toBe('UNKNOWN');
    expect(JSON.parse(encodeApplicationJson(app, { compact: true })).application.instance[0]).not.toHaveProperty('overriddenStatus');
    expect(encodeApplicationJson({ name: 'X', instances: [] })).toBe('{"application":{"name":"X","instance":[]}}');
  });
});
