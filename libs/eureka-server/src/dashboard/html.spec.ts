import { escapeHtml, html, httpUrlOrUndefined, trusted } from './html';

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const id = `"><script>alert('x')</script>&\``;
    expect(html`<a title="${id}">${id}</a>`.value).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;</a>',
    );
  });

  it('keeps nested html and trusted markup, renders arrays, drops null/undefined/false', () => {
    const items = ['<a>', 'b'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}${trusted('<br>')}`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0<br>');
  });

  it('escapeHtml leaves plain text alone', () => {
    expect(escapeHtml('orders-1 10.0.0.1:8080')).toBe('orders-1 10.0.0.1:8080');
  });

  it.each([
    ['http://a:8080/info', 'http://a:8080/info'],
    ['HTTPS://a/info', 'HTTPS://a/info'],
    ['javascript:alert(1)', undefined],
    [' http://a', undefined],
    ['data:text/html,x', undefined],
    ['//evil/x', undefined],
    ['http://', undefined],
    [undefined, undefined],
  ])('links %p only when it is an absolute http(s) URL', (url, expected) => {
    expect(httpUrlOrUndefined(url)).toBe(expected);
  });
});
