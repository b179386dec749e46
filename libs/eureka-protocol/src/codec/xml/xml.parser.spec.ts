import { CodecError } from '../codec.error';
import { parseXml } from './xml.parser';

describe('parseXml', () => {
  it('builds the element tree with attributes, text and children', () => {
    const root = parseXml('<a x="1" y=\'two\'><b>t1</b><c/><b>t2</b></a>');
    expect(root.name).toBe('a');
    expect({ ...root.attrs }).toEqual({ x: '1', y: 'two' });
    expect(Object.getPrototypeOf(root.attrs)).toBeNull();
    expect(root.children.map((c) => [c.name, c.text, c.children.length])).toEqual([
      ['b', 't1', 0],
      ['c', '', 0],
      ['b', 't2', 0],
    ]);
  });

  it('skips the XML declaration, processing instructions, comments and a BOM; keeps CDATA verbatim', () => {
    const root = parseXml('\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a><?pi x?><b><![CDATA[<&>]]></b><!-- <b>no</b> --></a>\n');
    expect(root.children.map((c) => c.text)).toEqual(['<&>']);
  });

  it('normalises line ends in text and whitespace in attribute values; keeps &#xd;', () => {
    const root = parseXml('<a v="x\ty\nz"><b>1\r\n2\r3&#xd;</b></a>');
    expect(root.attrs.v).toBe('x y z');
    expect(root.children[0].text).toBe('1\n2\n3\r');
  });

  it('accepts whitespace inside tags and prefixed names (namespaces are not interpreted)', () => {
    const root = parseXml('<ns:a   k = "v" ><b ></b ></ns:a >');
    expect(root.name).toBe('ns:a');
    expect(root.attrs.k).toBe('v');
    expect(root.children[0].name).toBe('b');
  });

  it.each([
    ['<a', /unterminated start tag/],
    ['<a x="1"y="2"/>', /whitespace before an attribute/],
    ['<a></b>', /does not match/],
    ['</a>', /without a start tag/],
    ['<a x="<"/>', /"<" in the value/],
    ['<a><![CDATA[x</a>', /unterminated CDATA/],
    ['<a><?pi</a>', /unterminated processing instruction/],
    ['<!ELEMENT a ANY><a/>', /unsupported markup declaration/],
    ['<a>&#xD800;</a>', /invalid character reference/],
    ['<a>&amp</a>', /unterminated entity reference/],
    ['x<a/>', /text outside the root/],
  ])('rejects %s', (text, message) => {
    expect(() => parseXml(text)).toThrow(CodecError);
    expect(() => parseXml(text)).toThrow(message);
  });
});
