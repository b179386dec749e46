/** Registrations with the fields the dashboard shows (zones, statuses, metadata, status pages), sent over HTTP. */
import { http } from './http-client';

export interface DashboardInstance {
  app: string;
  id: string;
  status?: 'UP' | 'DOWN' | 'STARTING' | 'OUT_OF_SERVICE' | 'UNKNOWN';
  zone?: string;
  ip?: string;
  statusPageUrl?: string;
  metadata?: Record<string, string>;
  amazon?: { amiId: string; zone: string };
}

export function registrationBody(i: DashboardInstance): string {
  const dataCenterInfo = i.amazon
    ? {
        '@class': 'com.netflix.appinfo.AmazonInfo',
        name: 'Amazon',
        metadata: { 'ami-id': i.amazon.amiId, 'availability-zone': i.amazon.zone, 'instance-id': i.id },
      }
    : { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' };
  const metadata: Record<string, string> = { ...(i.metadata ?? {}) };
  if (i.zone !== undefined) metadata.zone = i.zone;
  return JSON.stringify({
    instance: {
      instanceId: i.id,
      hostName: `${i.app.toLowerCase()}.example.internal`,
      app: i.app,
      ipAddr: i.ip ?? '10.0.0.10',
      status: i.status ?? 'UP',
      overriddenStatus: 'UNKNOWN',
      port: { $: 8080, '@enabled': 'true' },
      securePort: { $: 443, '@enabled': 'false' },
      countryId: 1,
      dataCenterInfo,
      leaseInfo: { renewalIntervalInSecs: 30, durationInSecs: 90 },
      metadata,
      homePageUrl: `http://${i.app.toLowerCase()}.example.internal:8080/`,
      statusPageUrl: i.statusPageUrl ?? `http://${i.app.toLowerCase()}.example.internal:8080/actuator/info`,
      healthCheckUrl: `http://${i.app.toLowerCase()}.example.internal:8080/actuator/health`,
      vipAddress: i.app.toLowerCase(),
      secureVipAddress: i.app.toLowerCase(),
      isCoordinatingDiscoveryServer: 'false',
      lastUpdatedTimestamp: '1700000000000',
      lastDirtyTimestamp: '1700000000000',
    },
  });
}

export async function register(eureka: string, i: DashboardInstance): Promise<void> {
  const res = await http('POST', `${eureka}/apps/${encodeURIComponent(i.app)}`, {
    headers: { 'content-type': 'application/json' },
    body: registrationBody(i),
  });
  if (res.status !== 204) throw new Error(`registering ${i.app}/${i.id} answered ${res.status}: ${res.text}`);
}

export async function heartbeat(eureka: string, app: string, id: string): Promise<number> {
  return (await http('PUT', `${eureka}/apps/${encodeURIComponent(app)}/${encodeURIComponent(id)}`)).status;
}

/** A hostile instance: id, metadata and URLs built to break out of HTML if anything is left unescaped. */
export const HOSTILE_ID = `x"><script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
export const HOSTILE: DashboardInstance = {
  app: 'EVIL',
  id: HOSTILE_ID,
  status: 'DOWN',
  zone: `<b onmouseover="window.__xss=3">zone</b>`,
  statusPageUrl: `javascript:window.__xss=4`,
  metadata: {
    '<svg onload="window.__xss=5">': `</td></tr></table><script>window.__xss=6</script>`,
    quote: `' onfocus='window.__xss=7' autofocus='`,
  },
};

/** A small landscape: several apps, zones, statuses, an Amazon instance. */
export const LANDSCAPE: DashboardInstance[] = [
  { app: 'ORDERS', id: 'orders-1', zone: 'zone-a', ip: '10.0.1.11', metadata: { version: '1.4.2' } },
  { app: 'ORDERS', id: 'orders-2', zone: 'zone-b', ip: '10.0.2.12', metadata: { version: '1.4.2' } },
  { app: 'ORDERS', id: 'orders-3', zone: 'zone-a', ip: '10.0.1.13', status: 'STARTING' },
  { app: 'PAYMENTS', id: 'payments-1', zone: 'zone-a', ip: '10.0.1.21' },
  { app: 'PAYMENTS', id: 'payments-2', zone: 'zone-b', ip: '10.0.2.22', status: 'DOWN' },
  { app: 'INVENTORY', id: 'i-0a1b2c3d', ip: '10.0.3.31', amazon: { amiId: 'ami-0abc1234', zone: 'eu-west-1a' } },
  { app: 'GATEWAY', id: 'gateway-1', zone: 'zone-b', ip: '10.0.2.41' },
];
