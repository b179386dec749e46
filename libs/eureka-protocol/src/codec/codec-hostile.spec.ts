import { listFixtures } from '../../../../test/support/java-fixtures';
import { CodecError } from './codec.error';
import { decodeApplicationJson, decodeApplicationsJson } from './json/applications-json.decoder';
import { decodeBareInstance, decodeInstanceJson } from './json/instance-json.decoder';
import { decodeApplicationXml, decodeApplicationsXml } from './xml/applications-xml.decoder';
import { decodeInstanceXml } from './xml/instance-xml.decoder';

/** Runs `fn` and returns the CodecError it threw; fails the test on success or on any other error type. */
function codecError(fn: () => unknown): CodecError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (!(thrown instanceof CodecError)) {
    throw new Error(`expected a CodecError, got ${thrown === undefined ? 'no error' : String(thrown)}`);
  }
  return thrown;
}

const DCI = { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' };
const base = () => ({ hostName: 'h1', app: 'app', ipAddr: '10.0.0.1', dataCenterInfo: { ...DCI } });
const instanceJson = (fields: Record<string, unknown>) => JSON.stringify({ instance: { ...base(), ...fields } });

describe('hostile and malformed input never escapes as anything but CodecError', () => {
  it('truncated JSON', () => {
    const e = codecError(() => decodeInstanceJson('{"instance":{"hostName":"h1","app":"A"'));
    expect(e.field).toBe('body');
    expect(e.message).toMatch(/^body: malformed JSON/);
    expect(codecError(() => decodeApplicationsJson('')).field).toBe('body');
    expect(codecError(() => decodeApplicationsJson('{"applications":')).field).toBe('body');
  });

  it('nesting in an unknown field is skipped up to 64 levels; deeper, anywhere, is refused before parsing (as XML past 64)', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const ok = decodeInstanceJson(`{"instance":{"app":"a","hostName":"h","junk":${nested(60)},"asgName":"after"}}`);
    expect(ok.asgName).toBe('after');
    expect(codecError(() => decodeInstanceJson(`{"instance":{"app":"a","metadata":{"k":${nested(10)}}}}`)).field).toBe('instance.metadata.k');
    expect(codecError(() => decodeInstanceJson(`{"instance":{"app":"a","leaseInfo":${nested(10)}}}`)).field).toBe('instance.leaseInfo');
    const deep = codecError(() => decodeInstanceJson(`{"instance":{"app":"a","hostName":"h","junk":${nested(10_000)}}}`));
    expect({ field: deep.field, message: deep.message }).toEqual({ field: 'body', message: expect.stringContaining('nesting deeper than 64 levels') });
  });

  it('1 MiB of nesting (the body cap) in JSON or XML does not overflow the stack, and is refused by the depth budget', () => {
    const depth = 512 * 1024;
    expect(codecError(() => decodeInstanceJson(`{"instance":{"app":"a","junk":${'['.repeat(depth)}${']'.repeat(depth)}}}`)).message).toMatch(/nesting deeper than 64 levels/);
    expect(codecError(() => decodeInstanceJson(`{"instance":${'['.repeat(depth)}}`)).field).toBe('body');
    const xml = `<instance>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</instance>`;
    expect(codecError(() => decodeInstanceXml(xml)).message).toMatch(/nested deeper than 64/);
    expect(codecError(() => decodeInstanceXml('<a>'.repeat(300_000))).field).toBe('body');
  });

  it('XML with a DOCTYPE (entity expansion, external entities) is rejected before anything is expanded', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' +
      '<instance><app>&lol2;</app></instance>';
    const xxe = '<!DOCTYPE instance [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><instance><app>&xxe;</app></instance>';
    const lower = '<!doctype instance SYSTEM "http://example.invalid/x.dtd"><instance><app>a</app></instance>';
    for (const text of [laughs, xxe, lower]) {
      const e = codecError(() => decodeInstanceXml(text));
      expect(e.field).toBe('body');
      expect(e.message).toBe('body: DOCTYPE declarations are not allowed (no DTDs, no entity declarations)');
    }
    expect(codecError(() => decodeApplicationsXml(laughs)).message).toMatch(/DOCTYPE/);
  });

  it('undeclared entities are errors; the five predefined ones and character references decode', () => {
    expect(codecError(() => decodeInstanceXml('<instance><app>&xxe;</app></instance>')).message).toMatch(/undeclared entity &xxe;/);
    expect(codecError(() => decodeInstanceXml('<instance><app>&#0;</app></instance>')).message).toMatch(/invalid character reference/);
    const info = decodeInstanceXml(
      '<instance><app>a</app><hostName>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;</hostName></instance>',
    );
    expect(info.hostName).toBe('<>&"\'AB\u{1F600}');
  });

  it('__proto__ and other Object.prototype names are ordinary metadata keys and pollute nothing', () => {
    const info = decodeInstanceJson(
      '{"instance":{"app":"a","metadata":{"__proto__":"x","constructor":"c","toString":"t","hasOwnProperty":"h"}}}',
    );
    expect(Object.keys(info.metadata).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(info.metadata['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(info.metadata)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const polluting = '{"instance":{"app":"a","metadata":{"__proto__":{"polluted":"yes"}}}}';
    expect(codecError(() => decodeInstanceJson(polluting)).field).toBe('instance.metadata.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const xml = decodeInstanceXml('<instance><app>a</app><metadata><____proto____>x</____proto____></metadata></instance>');
    expect(Object.keys(xml.metadata)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(xml.metadata)).toBeNull();
  });

  const badFields: Array<[string, Record<string, unknown>, string]> = [
    ['hostName object', { hostName: {} }, 'instance.hostName'],
    ['app array', { app: ['A'] }, 'instance.app'],
    ['app missing', { app: undefined }, 'instance.app'],
    ['app null', { app: null }, 'instance.app'],
    ['status object', { status: { v: 'UP' } }, 'instance.status'],
    ['scalar port string', { port: '8080' }, 'instance.port'],
    ['scalar securePort boolean', { securePort: true }, 'instance.securePort'],
    ['port array', { port: [8080] }, 'instance.port'],
    ['non-numeric port', { port: { $: 'abc', '@enabled': 'true' } }, 'instance.port.$'],
    ['fractional port', { port: { $: 80.5 } }, 'instance.port.$'],
    ['huge port', { port: { $: 99999999999 } }, 'instance.port.$'],
    ['port enabled object', { port: { $: 80, '@enabled': {} } }, 'instance.port.@enabled'],
    ['countryId text', { countryId: 'one' }, 'instance.countryId'],
    ['dataCenterInfo string', { dataCenterInfo: 'MyOwn' }, 'instance.dataCenterInfo'],
    ['dataCenterInfo unknown class', { dataCenterInfo: { '@class': 'x.Y', name: 'MyOwn' } }, 'instance.dataCenterInfo.@class'],
    ['dataCenterInfo class number', { dataCenterInfo: { '@class': 5, name: 'MyOwn' } }, 'instance.dataCenterInfo.@class'],
    ['dataCenterInfo name case', { dataCenterInfo: { ...DCI, name: 'myown' } }, 'instance.dataCenterInfo.name'],
    ['dataCenterInfo name unknown', { dataCenterInfo: { ...DCI, name: 'Azure' } }, 'instance.dataCenterInfo.name'],
    ['leaseInfo array', { leaseInfo: [] }, 'instance.leaseInfo'],
    ['leaseInfo value object', { leaseInfo: { durationInSecs: {} } }, 'instance.leaseInfo.durationInSecs'],
    ['metadata string', { metadata: 'x' }, 'instance.metadata'],
    ['metadata array', { metadata: ['x'] }, 'instance.metadata'],
    ['metadata value array', { metadata: { a: [] } }, 'instance.metadata.a'],
    ['timestamp text', { lastDirtyTimestamp: 'yesterday' }, 'instance.lastDirtyTimestamp'],
    ['timestamp too large', { lastUpdatedTimestamp: 1e300 }, 'instance.lastUpdatedTimestamp'],
    ['boolean as number', { isCoordinatingDiscoveryServer: 1 }, 'instance.isCoordinatingDiscoveryServer'],
    ['url object', { homePageUrl: { a: 1 } }, 'instance.homePageUrl'],
    ['actionType array', { actionType: [] }, 'instance.actionType'],
  ];

  it.each(badFields)('JSON instance: %s -> CodecError naming %s', (_name, fields, field) => {
    const e = codecError(() => decodeInstanceJson(instanceJson(fields)));
    expect(e.field).toBe(field);
    expect(e.message.startsWith(`${field}: `)).toBe(true);
  });

  it('JSON roots: not an object, wrong wrapper, null content', () => {
    expect(codecError(() => decodeInstanceJson('[]')).field).toBe('body');
    expect(codecError(() => decodeInstanceJson('null')).field).toBe('body');
    expect(codecError(() => decodeInstanceJson('"instance"')).field).toBe('body');
    expect(codecError(() => decodeInstanceJson('{}')).field).toBe('instance');
    expect(codecError(() => decodeInstanceJson('{"instance":null}')).field).toBe('instance');
    expect(codecError(() => decodeInstanceJson('{"instance":[]}')).field).toBe('instance');
    expect(codecError(() => decodeInstanceJson('{"application":{}}')).field).toBe('application');
    expect(codecError(() => decodeApplicationsJson('{"applications":{},"x":1}')).field).toBe('x');
    expect(codecError(() => decodeInstanceJson(42 as unknown as string)).field).toBe('body');
    expect(codecError(() => decodeBareInstance('x', 'replicationList[0].instanceInfo')).field).toBe('replicationList[0].instanceInfo');
  });

  it('JSON Applications: bad list shapes and missing names', () => {
    expect(codecError(() => decodeApplicationsJson('{"applications":{"application":"x"}}')).field).toBe('applications.application');
    expect(codecError(() => decodeApplicationsJson('{"applications":{"application":[1]}}')).field).toBe('applications.application[0]');
    expect(codecError(() => decodeApplicationsJson('{"applications":{"application":[{"instance":[]}]}}')).field).toBe(
      'applications.application[0].name',
    );
    expect(codecError(() => decodeApplicationsJson('{"applications":{"application":[{"name":"A","instance":5}]}}')).field).toBe(
      'applications.application[0].instance',
    );
    expect(
      codecError(() => decodeApplicationsJson('{"applications":{"application":[{"name":"A","instance":[{"app":"a","port":1}]}]}}')).field,
    ).toBe('applications.application[0].instance[0].port');
    expect(codecError(() => decodeApplicationJson('{"application":{"name":"A","instance":[{}]}}')).field).toBe(
      'application.instance[0].app',
    );
  });

  const badXml: Array<[string, string, string | RegExp]> = [
    ['truncated', '<instance><app>a</app>', /is not closed/],
    ['mismatched end tag', '<instance><app>a</ap></instance>', /does not match/],
    ['two roots', '<instance><app>a</app></instance><instance/>', /more than one root/],
    ['text after root', '<instance><app>a</app></instance>junk', /text outside the root/],
    ['unquoted attribute', '<instance><port enabled=true>1</port></instance>', /must be quoted/],
    ['duplicate attribute', '<instance><port enabled="true" enabled="false">1</port></instance>', /duplicate attribute/],
    ['bad element name', '<instance><1a>x</1a></instance>', /invalid element name/],
    ['no root', '   ', /no root element/],
    ['wrong root', '<applications/>', /expected root element <instance>/],
    ['unterminated comment', '<instance><!-- x', /unterminated comment/],
    ['bare ampersand', '<instance><app>a & b</app></instance>', /entity/],
  ];

  it.each(badXml)('XML: %s', (_name, text, message) => {
    const e = codecError(() => decodeInstanceXml(text));
    expect(e.field).toBe('body');
    expect(e.message).toMatch(message);
  });

  const badXmlFields: Array<[string, string, string]> = [
    ['non-numeric port', '<port enabled="true">abc</port>', 'instance.port'],
    ['nested hostName', '<hostName><x/></hostName>', 'instance.hostName'],
    ['unknown data center', '<dataCenterInfo><name>Azure</name></dataCenterInfo>', 'instance.dataCenterInfo.name'],
    ['nested metadata value', '<metadata><a><b>1</b></a></metadata>', 'instance.metadata.a'],
    ['lease text', '<leaseInfo><durationInSecs>ninety</durationInSecs></leaseInfo>', 'instance.leaseInfo.durationInSecs'],
    ['timestamp text', '<lastDirtyTimestamp>now</lastDirtyTimestamp>', 'instance.lastDirtyTimestamp'],
  ];

  it.each(badXmlFields)('XML instance: %s -> CodecError naming %s', (_name, element, field) => {
    const e = codecError(() => decodeInstanceXml(`<instance><app>a</app>${element}</instance>`));
    expect(e.field).toBe(field);
  });

  it('XML Applications: missing application name, missing instance app', () => {
    expect(codecError(() => decodeApplicationsXml('<applications><application/></applications>')).field).toBe(
      'applications.application[0].name',
    );
    expect(codecError(() => decodeApplicationXml('<application><name>A</name><instance/></application>')).field).toBe(
      'application.instance[0].app',
    );
  });

  it('mutated and truncated fixtures only ever fail with CodecError (deterministic fuzz)', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const alphabet = ['{', '}', '[', ']', '"', ':', ',', '<', '>', '/', '&', '0', 'x', ' ', '\\', '\u0000', '"@class"', 'null'];
    let decodedOk = 0;
    let rejected = 0;
    for (const f of listFixtures()) {
      const decode =
        f.kind === 'applications'
          ? f.format === 'json' ? decodeApplicationsJson : decodeApplicationsXml
          : f.kind === 'application'
            ? f.format === 'json' ? decodeApplicationJson : decodeApplicationXml
            : f.format === 'json' ? decodeInstanceJson : decodeInstanceXml;
      const variants: string[] = [];
      for (let cut = 0; cut < f.text.length; cut += 97) variants.push(f.text.slice(0, cut));
      for (let k = 0; k < 40; k++) {
        const at = Math.floor(rand() * f.text.length);
        const insert = alphabet[Math.floor(rand() * alphabet.length)];
        variants.push(f.text.slice(0, at) + insert + f.text.slice(at + Math.floor(rand() * 3)));
      }
      for (const text of variants) {
        try {
          decode(text);
          decodedOk++;
        } catch (e) {
          if (!(e instanceof CodecError)) throw new Error(`${f.file}: ${String(e)} for input ${JSON.stringify(text.slice(0, 200))}`);
          rejected++;
        }
      }
    }
    expect(rejected).toBeGreaterThan(1000);
    expect(decodedOk).toBeGreaterThan(50);
  });
});
