import * as bcrypt from 'bcryptjs';
import { hashPassword, parseEncodedPassword } from './password-check';

describe('parseEncodedPassword', () => {
  it('checks plain and {noop} passwords exactly', async () => {
    for (const encoded of ['s3cret', '{noop}s3cret']) {
      const check = parseEncodedPassword('f', encoded);
      expect(check.kind).toBe('plain');
      expect(await check.verify('s3cret')).toBe(true);
      expect(await check.verify('s3cre')).toBe(false);
      expect(await check.verify('s3cret ')).toBe(false);
      expect(await check.verify('')).toBe(false);
    }
  });

  it('checks Spring\'s {bcrypt} form ($2a$, $2b$, $2y$)', async () => {
    const hash = bcrypt.hashSync('s3cret', 4);
    for (const variant of [hash, hash.replace('$2b$', '$2a$'), hash.replace('$2b$', '$2y$')]) {
      const check = parseEncodedPassword('f', `{bcrypt}${variant}`);
      expect(check.kind).toBe('bcrypt');
      expect(await check.verify('s3cret')).toBe(true);
      expect(await check.verify('S3cret')).toBe(false);
    }
  });

  it('checks what hashPassword writes, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^\{scrypt\}\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    const check = parseEncodedPassword('f', a);
    expect(check.kind).toBe('scrypt');
    expect(await check.verify('correct horse')).toBe(true);
    expect(await check.verify('correct horse!')).toBe(false);
  });

  it.each([
    ['{bcrypt}$2b$04$tooshort', 'must be {bcrypt} followed by a bcrypt hash'],
    ['{scrypt}$3$8$1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5', 'must be {scrypt}$N$r$p$salt$key'],
    ['{scrypt}$16384$8$1$c2FsdA==$a2V5', 'has a scrypt key shorter than 16 bytes'],
    ['{noop}', 'must not be empty'],
    ['{pbkdf2}abc', 'uses the unsupported encoding {pbkdf2}'],
    [bcrypt.hashSync('x', 4), 'looks like a bcrypt hash: write it as {bcrypt}$2b$04$...'],
  ])('%s -> %s', (encoded, message) => {
    expect(() => parseEncodedPassword('auth.users[0].password', encoded)).toThrow(`option "auth.users[0].password" ${message}`);
  });
});
