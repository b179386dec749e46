'use strict';
// The README's TypeScript snippets (```ts blocks), which the package check compiles as pasted into
// fresh consumer apps. A snippet must be a whole file: its imports from packages, no relative import.
const fs = require('node:fs');

function readmeSnippets(readmePath) {
  const text = fs.readFileSync(readmePath, 'utf8');
  const snippets = [];
  const fence = /^```ts\n([\s\S]*?)^```$/gm;
  let match;
  while ((match = fence.exec(text)) !== null) {
    const line = text.slice(0, match.index).split('\n').length;
    const code = match[1];
    if (/from '\.\.?\//.test(code)) throw new Error(`README.md:${line}: a snippet imports a relative path; snippets must compile on their own`);
    if (!/^import /m.test(code)) throw new Error(`README.md:${line}: a snippet without imports; snippets must compile on their own`);
    snippets.push({ line, code: `// README.md line ${line}\n${code}` });
  }
  if (snippets.length === 0) throw new Error('README.md has no ```ts snippet: nothing would be checked');
  return snippets;
}

module.exports = { readmeSnippets };
