'use strict';
// `npm run hash-password`: reads a password (or, with --token, a bearer token) from standard input
// and prints what to configure instead of it: `{scrypt}...` for a password, `{sha256}<hex>` for a
// token. Input is never taken from the command line, where shells and process lists keep it.
const path = require('node:path');
const readline = require('node:readline');

const lib = path.resolve(__dirname, '../dist/libs/eureka-server/src/index.js');
const { hashPassword, tokenDigest } = require(lib);
const token = process.argv.includes('--token');
const what = token ? 'token' : 'password';

function readSecret() {
  return new Promise((resolve) => {
    const input = process.stdin;
    if (!input.isTTY) {
      let text = '';
      input.setEncoding('utf8');
      input.on('data', (chunk) => (text += chunk));
      input.on('end', () => resolve(text.replace(/\r?\n$/, '')));
      return;
    }
    // A terminal: prompt, and do not echo what is typed.
    const rl = readline.createInterface({ input, output: process.stderr, terminal: true });
    rl._writeToOutput = () => {};
    process.stderr.write(`${what}: `);
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

readSecret().then(async (secret) => {
  if (secret.length === 0) {
    process.stderr.write(`hash-password: empty ${what}\n`);
    process.exit(2);
  }
  if (token && secret.length < 16) {
    process.stderr.write('hash-password: a token must be at least 16 characters long\n');
    process.exit(2);
  }
  process.stdout.write(`${token ? `{sha256}${tokenDigest(secret)}` : await hashPassword(secret)}\n`);
});
