/** `scheme://user:pass@host` -> `scheme://host`, anywhere in a text (error messages, logs). */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;

export function scrubCredentials(text: string): string {
  return text.replace(USERINFO, '$1');
}
