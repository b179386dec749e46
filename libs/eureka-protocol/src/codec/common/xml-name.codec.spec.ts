import { isXmlName, unescapeXmlName, xmlElementNameForKey } from './xml-name.codec';

describe('XStream name escaping', () => {
  it('escapes _ as __ and $ as _-, and reverses it left to right', () => {
    expect(xmlElementNameForKey('build_version')).toBe('build__version');
    expect(xmlElementNameForKey('a$b_c')).toBe('a_-b__c');
    expect(unescapeXmlName('build__version')).toBe('build_version');
    expect(unescapeXmlName('a_-b__c')).toBe('a$b_c');
    expect(unescapeXmlName('a_b_')).toBe('a_b_');
    expect(unescapeXmlName('___-')).toBe('_$');
    for (const key of ['x', 'a_b', '_$_', 'weird.key-with.dots', '__proto__']) {
      expect(unescapeXmlName(xmlElementNameForKey(key)!)).toBe(key);
    }
  });

  it('returns null for keys that are no XML name even escaped (including colons)', () => {
    for (const key of ['', 'a b', '1a', '-a', '.a', 'a:b', 'a<b', 'a&b', '\ud800']) expect(xmlElementNameForKey(key)).toBeNull();
    expect(xmlElementNameForKey('ä.ü-1')).toBe('ä.ü-1');
  });

  it('isXmlName follows the XML 1.0 Name production', () => {
    expect(isXmlName('a:b', true)).toBe(true);
    expect(isXmlName('a:b', false)).toBe(false);
    expect(isXmlName('\u{10000}x', false)).toBe(true);
    expect(isXmlName('a\u00b7', false)).toBe(true);
    expect(isXmlName('\u00b7a', false)).toBe(false);
  });
});
