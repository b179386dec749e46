import fc from 'fast-check';
import { decodeReplicationList, decodeReplicationListResponse } from '../replication/replication-batch.codec';
import { CodecError } from './codec.error';
import { decodeApplicationJson, decodeApplicationsJson } from './json/applications-json.decoder';
import { decodeBareInstance, decodeInstanceJson } from './json/instance-json.decoder';
import { decodeApplicationXml, decodeApplicationsXml } from './xml/applications-xml.decoder';
import { decodeInstanceXml } from './xml/instance-xml.decoder';

/**
 * Property: whatever text a decoder is given, it returns or throws a CodecError; no other exception
 * (TypeError, RangeError from deep recursion, ...) ever escapes. Bounded in runs and time.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const TIME_MS = 4000;
const params = { numRuns: RUNS, interruptAfterTimeLimit: TIME_MS, markInterruptAsFailure: false } as const;

/** Counts per decoder, printed at the end for the report. */
const tried: Record<string, number> = {};

const JSON_DECODERS: Record<string, (text: string) => unknown> = {
  decodeInstanceJson,
  decodeBareInstance,
  decodeApplicationJson,
  decodeApplicationsJson,
  decodeReplicationList,
  decodeReplicationListResponse,
};
const XML_DECODERS: Record<string, (text: string) => unknown> = {
  decodeInstanceXml,
  decodeApplicationXml,
  decodeApplicationsXml,
};

function onlyCodecErrors(name: string, decode: (text: string) => unknown, text: string): void {
  tried[name] = (tried[name] ?? 0) + 1;
  try {
    decode(text);
  } catch (error) {
    if (!(error instanceof CodecError)) {
      throw new Error(`${name} threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message} for ${JSON.stringify(text.slice(0, 300))}`);
    }
  }
}

const DCI = { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' };
const VALID_INSTANCE = {
  instanceId: 'i-1',
  hostName: 'h1',
  app: 'APP',
  ipAddr: '10.0.0.1',
  status: 'UP',
  port: { $: 8080, '@enabled': 'true' },
  dataCenterInfo: DCI,
  metadata: { zone: 'a' },
  leaseInfo: { renewalIntervalInSecs: 30, durationInSecs: 90 },
};
const FIELD_NAMES = [...Object.keys(VALID_INSTANCE), 'securePort', 'vipAddress', 'lastDirtyTimestamp', 'countryId', 'overriddenStatus', 'actionType', '$', '@enabled', '@class', 'name', 'instance', 'application', 'applications', 'replicationList', '__proto__', 'constructor', 'toString'];

/** Any JSON value, with keys biased towards the fields the decoders read. */
const jsonValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.constantFrom('UP', 'true', '8080', '', 'Amazon', 'MyOwn', '1e400', '-1'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** A valid instance with one field replaced by a random value (wrong types where it counts). */
const mutatedInstance = fc
  .record({ field: fc.constantFrom(...FIELD_NAMES), value: jsonValue })
  .map(({ field, value }) => ({ ...VALID_INSTANCE, [field]: value }));

function nested(depth: number, open: string, close: string, inner = '1'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** JSON texts: random, truncated, wrong-typed, deeply nested, huge, with duplicate keys. */
const jsonText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  jsonValue.map((v) => JSON.stringify(v) ?? 'null'),
  jsonValue.map((v) => JSON.stringify({ instance: v })),
  jsonValue.map((v) => JSON.stringify({ application: { name: 'A', instance: v } })),
  jsonValue.map((v) => JSON.stringify({ applications: { application: v } })),
  jsonValue.map((v) => JSON.stringify({ replicationList: [v] })),
  mutatedInstance.map((i) => JSON.stringify({ instance: i })),
  mutatedInstance.map((i) => JSON.stringify(i)),
  mutatedInstance.map((i) => JSON.stringify({ replicationList: [{ appName: 'APP', id: 'i-1', action: 'Register', instanceInfo: i }] })),
  fc
    .tuple(mutatedInstance, fc.nat())
    .map(([i, cut]) => {
      const t = JSON.stringify({ instance: i });
      return t.slice(0, cut % (t.length + 1));
    }),
  fc.integer({ min: 1000, max: 20000 }).map((d) => nested(d, '[', ']')),
  fc.integer({ min: 1000, max: 20000 }).map((d) => `{"instance":${nested(d, '{"a":', '}')}}`),
  fc.integer({ min: 1000, max: 20000 }).map((d) => `{"instance":{"metadata":${nested(d, '{"k":', '}', '"v"')}}}`),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => JSON.stringify({ instance: { ...VALID_INSTANCE, hostName: 'h'.repeat(n) } })),
  fc.integer({ min: 1000, max: 20_000 }).map((n) =>
    JSON.stringify({ instance: { ...VALID_INSTANCE, metadata: Object.fromEntries(Array.from({ length: n }, (_, k) => [`k${k}`, 'v'])) } }),
  ),
  fc.constantFrom('hostName', 'app', 'metadata', 'port', 'dataCenterInfo', 'instance').map((key) => {
    const t = JSON.stringify({ instance: VALID_INSTANCE });
    return key === 'instance' ? t.replace(/}$/, `,"instance":{"hostName":1}}`) : t.replace('{"instanceId"', `{"${key}":{"x":[1]},"instanceId"`);
  }),
);

const xmlChunk = fc.constantFrom(
  '<instance>', '</instance>', '<hostName>h1</hostName>', '<app>APP</app>', '<ipAddr>10.0.0.1</ipAddr>',
  '<port enabled="true">8080</port>', '<port enabled="maybe">x</port>', '<metadata>', '</metadata>', '<zone>a</zone>',
  '<dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"><name>MyOwn</name></dataCenterInfo>',
  '<![CDATA[x]]>', '<!-- c -->', '&amp;', '&lt;', '&bogus;', '&#0;', '&#xFFFFFFFF;', '&#99999999999;', '<?xml version="1.0"?>',
  '<!DOCTYPE instance [<!ENTITY a "aaaaaaaaaa">]>', '&a;', '<!ENTITY b SYSTEM "file:///etc/passwd">', '&b;',
  '<application>', '</application>', '<applications>', '</applications>', '<name>A</name>', '<status>UP</status>',
  '<a b="1" b="2">', '</a>', '<', '>', '"', "'", '=', '/',
);

/** XML texts: random, structured chunks, entities/DOCTYPE (billion laughs, external), nesting, truncation, invalid bytes. */
const XML_INSTANCE =
  '<instance><instanceId>i-1</instanceId><hostName>h1</hostName><app>APP</app><ipAddr>10.0.0.1</ipAddr><status>UP</status>' +
  '<port enabled="true">8080</port><dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"><name>MyOwn</name></dataCenterInfo>' +
  '<metadata><zone>a</zone></metadata></instance>';
const LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><instance><hostName>&lol3;</hostName></instance>';
const xmlText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(xmlChunk, { maxLength: 30 }).map((parts) => parts.join('')),
  fc.array(xmlChunk, { maxLength: 10 }).map((parts) => XML_INSTANCE.replace('<status>', `${parts.join('')}<status>`)),
  fc.nat().map((cut) => XML_INSTANCE.slice(0, cut % (XML_INSTANCE.length + 1))),
  fc.constant(LAUGHS),
  fc.constant(`<!DOCTYPE i [<!ENTITY x SYSTEM "file:///etc/passwd">]>${XML_INSTANCE.replace('h1', '&x;')}`),
  fc.integer({ min: 1000, max: 20000 }).map((d) => `<instance><metadata>${nested(d, '<a>', '</a>')}</metadata></instance>`),
  fc.integer({ min: 1000, max: 20000 }).map((d) => nested(d, '<applications>', '</applications>')),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => XML_INSTANCE.replace('h1', 'h'.repeat(n))),
  fc.constantFrom('hostName', 'app', 'port', 'metadata').map((tag) => XML_INSTANCE.replace('<status>', `<${tag}>dup</${tag}><status>`)),
  fc.string({ maxLength: 40 }).map((s) => XML_INSTANCE.replace('<app>APP</app>', `<app>${s}</app>`)),
);

/** Invalid UTF-8 byte sequences, decoded the way the server does (utf8 and latin1). */
const invalidUtf8 = fc
  .tuple(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(Buffer.from([0xc3]), Buffer.from([0xff, 0xfe]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80])), fc.boolean())
  .map(([bytes, bad, latin1]) => {
    const json = Buffer.from(JSON.stringify({ instance: { ...VALID_INSTANCE, hostName: 'h' } }));
    const at = bytes.length % json.length;
    const buf = Buffer.concat([json.subarray(0, at), bad, Buffer.from(bytes), json.subarray(at)]);
    return buf.toString(latin1 ? 'latin1' : 'utf8');
  });

afterAll(() => {
  process.stdout.write(`fuzz inputs tried per decoder: ${JSON.stringify(tried)}\n`);
});

describe('decoders under random input: only CodecError ever escapes', () => {
  it.each(Object.entries(JSON_DECODERS))('%s (JSON)', (name, decode) => {
    fc.assert(fc.property(jsonText, (text) => onlyCodecErrors(name, decode, text)), params);
    fc.assert(fc.property(invalidUtf8, (text) => onlyCodecErrors(name, decode, text)), { ...params, numRuns: Math.ceil(RUNS / 3) });
  }, 30_000);

  it.each(Object.entries(XML_DECODERS))('%s (XML)', (name, decode) => {
    fc.assert(fc.property(xmlText, (text) => onlyCodecErrors(name, decode, text)), params);
    fc.assert(fc.property(invalidUtf8, (text) => onlyCodecErrors(name, decode, text)), { ...params, numRuns: Math.ceil(RUNS / 3) });
  }, 30_000);

  it('the billion-laughs document is refused, not expanded', () => {
    const started = Date.now();
    expect(() => decodeInstanceXml(LAUGHS)).toThrow(CodecError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
