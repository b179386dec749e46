import { InstanceInfo, emptyMetadata } from '../model/instance-info';
import { decodeInstanceJson } from '../codec/json/instance-json.decoder';
import { decodeInstanceXml } from '../codec/xml/instance-xml.decoder';
import { validateRegistration } from './registration.validator';
import { sampleInstance } from '../testing/sample-instance';

function valid(overrides: Partial<InstanceInfo> = {}): InstanceInfo {
  return sampleInstance({ instanceId: 'orders-1:orders:8080', hostName: 'orders-1', ...overrides });
}

describe('validateRegistration (spec §15, in order)', () => {
  it('accepts a complete registration', () => {
    expect(validateRegistration(valid(), 'orders')).toBeUndefined();
  });

  it('1. Missing instanceId: no instanceId, no Amazon id, no hostName (wins over Missing hostname)', () => {
    expect(validateRegistration(valid({ instanceId: undefined, hostName: '' }), 'ORDERS')).toBe('Missing instanceId');
    expect(validateRegistration(valid({ instanceId: '', hostName: '' }), 'ORDERS')).toBe('Missing instanceId');
  });

  it('2. Missing hostname: the id is present but hostName is empty', () => {
    expect(validateRegistration(valid({ hostName: '' }), 'ORDERS')).toBe('Missing hostname');
    expect(validateRegistration(valid({ hostName: '', ipAddr: '', app: '' }), 'ORDERS')).toBe('Missing hostname');
    const amazon = valid({ instanceId: undefined, hostName: '', dataCenterInfo: { name: 'Amazon', metadata: { 'instance-id': 'i-1' } } });
    expect(validateRegistration(amazon, 'ORDERS')).toBe('Missing hostname');
  });

  it('3. Missing ip address', () => {
    expect(validateRegistration(valid({ ipAddr: '' }), 'ORDERS')).toBe('Missing ip address');
    expect(validateRegistration(valid({ ipAddr: '', app: '' }), 'ORDERS')).toBe('Missing ip address');
  });

  it('4. Missing appName', () => {
    expect(validateRegistration(valid({ app: '' }), 'ORDERS')).toBe('Missing appName');
  });

  it('5. Mismatched appName, with the upper-cased path app', () => {
    expect(validateRegistration(valid({ app: 'PAYMENTS', dataCenterInfo: undefined }), 'orders')).toBe(
      'Mismatched appName, expecting ORDERS but was PAYMENTS',
    );
    expect(validateRegistration(valid(), 'Orders')).toBeUndefined();
  });

  it('4/5. Missing appName wins over a mismatch', () => {
    expect(validateRegistration(valid({ app: '' }), 'PAYMENTS')).toBe('Missing appName');
  });

  it('6. Missing dataCenterInfo', () => {
    expect(validateRegistration(valid({ dataCenterInfo: undefined }), 'ORDERS')).toBe('Missing dataCenterInfo');
  });

  it('7. Missing dataCenterInfo Name, from a JSON body whose dataCenterInfo has a valid @class but no name', () => {
    const info = decodeInstanceJson(
      '{"instance":{"instanceId":"a:b:1","hostName":"h","app":"orders","ipAddr":"1.2.3.4",' +
        '"dataCenterInfo":{"@class":"com.netflix.appinfo.MyDataCenterInfo"}}}',
    );
    expect(validateRegistration(info, 'orders')).toBe('Missing dataCenterInfo Name');
  });

  it('XML dataCenterInfo without <name> is treated as missing dataCenterInfo', () => {
    const info = decodeInstanceXml(
      '<instance><hostName>h</hostName><app>orders</app><ipAddr>1.2.3.4</ipAddr>' +
        '<dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"/></instance>',
    );
    expect(validateRegistration(info, 'orders')).toBe('Missing dataCenterInfo');
  });

  it('Amazon without instance-id passes (the server back-fills) unless requireDataCenterInfoId is set', () => {
    const info = valid({ dataCenterInfo: { name: 'Amazon', metadata: emptyMetadata() } });
    expect(validateRegistration(info, 'ORDERS')).toBeUndefined();
    expect(validateRegistration(info, 'ORDERS', { requireDataCenterInfoId: true })).toBe(
      'DataCenterInfo of type com.netflix.appinfo.AmazonInfo must contain a valid id',
    );
  });

  it('whitespace-only values are not blank (reference semantics)', () => {
    expect(validateRegistration(valid({ ipAddr: ' ' }), 'ORDERS')).toBeUndefined();
  });
});
