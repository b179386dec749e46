/** `{app}` path segments are case-insensitive: the server upper-cases them (Locale.ROOT). */
export function upperCaseAppName(app: string): string {
  for (let i = 0; i < app.length; i++) {
    const c = app.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c > 127) return app.toUpperCase();
  }
  return app;
}
