/** Registration bodies as real clients send them, for e2e tests. */
export interface RegistrationFields {
  app: string;
  id: string;
  status?: string;
  vip?: string;
  secureVip?: string;
  lastDirtyTimestamp?: number;
  ip?: string;
  /** Declared lease timings; 30 s heartbeats and a 90 s lease (the clients' defaults) when absent. */
  lease?: { renewalIntervalInSecs: number; durationInSecs: number };
}

/** Legacy-Jackson shaped JSON body (what the Java client sends), `{"instance": {...}}`. */
export function jsonRegistration(f: RegistrationFields): string {
  return JSON.stringify({
    instance: {
      instanceId: f.id,
      hostName: `${f.id}.test`,
      app: f.app,
      ipAddr: f.ip ?? '10.1.0.1',
      status: f.status ?? 'UP',
      overriddenStatus: 'UNKNOWN',
      port: { $: 8080, '@enabled': 'true' },
      securePort: { $: 443, '@enabled': 'false' },
      countryId: 1,
      dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
      leaseInfo: f.lease ?? { renewalIntervalInSecs: 30, durationInSecs: 90 },
      metadata: { zone: 'zone-a' },
      homePageUrl: `http://${f.id}.test:8080/`,
      statusPageUrl: `http://${f.id}.test:8080/actuator/info`,
      healthCheckUrl: `http://${f.id}.test:8080/actuator/health`,
      vipAddress: f.vip ?? f.app.toLowerCase(),
      secureVipAddress: f.secureVip ?? f.app.toLowerCase(),
      isCoordinatingDiscoveryServer: 'false',
      lastUpdatedTimestamp: '1700000000000',
      lastDirtyTimestamp: String(f.lastDirtyTimestamp ?? 1700000000000),
    },
  });
}

/** XStream-shaped XML body. */
export function xmlRegistration(f: RegistrationFields): string {
  const vip = f.vip ?? f.app.toLowerCase();
  return `<instance>
  <instanceId>${f.id}</instanceId>
  <hostName>${f.id}.test</hostName>
  <app>${f.app}</app>
  <ipAddr>${f.ip ?? '10.1.0.2'}</ipAddr>
  <status>${f.status ?? 'UP'}</status>
  <port enabled="true">9090</port>
  <securePort enabled="false">443</securePort>
  <dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"><name>MyOwn</name></dataCenterInfo>
  <leaseInfo><renewalIntervalInSecs>${f.lease?.renewalIntervalInSecs ?? 30}</renewalIntervalInSecs><durationInSecs>${f.lease?.durationInSecs ?? 90}</durationInSecs></leaseInfo>
  <metadata><build__version>1.2.3</build__version></metadata>
  <vipAddress>${vip}</vipAddress>
  <lastDirtyTimestamp>${f.lastDirtyTimestamp ?? 1700000000000}</lastDirtyTimestamp>
</instance>`;
}

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
export const XML_HEADERS = { 'content-type': 'application/xml', accept: 'application/xml' };
