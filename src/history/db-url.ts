// Database URLs as swarmguard prints them: never with a password.

/** True for a PostgreSQL connection URL (postgres:// or postgresql://). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * A connection URL as it may be printed: no user password, and no query parameter that could carry one
 * (`password=`, `sslpassword=`, `sslkey=`). Done on the text, because a PostgreSQL URL for a unix socket
 * (`postgres://user@/db?host=/run/pg`) is no WHATWG URL.
 */
export function redactUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!m) return '(unparsable URL)';
  const [, scheme, authority = '', rest = '', query, fragment] = m;
  const at = authority.lastIndexOf('@');
  let auth = authority;
  if (at >= 0) {
    const user = authority.slice(0, at);
    const colon = user.indexOf(':');
    auth = `${colon >= 0 ? `${user.slice(0, colon)}:***` : user}@${authority.slice(at + 1)}`;
  }
  const q = query
    ? `?${query
        .slice(1)
        .split('&')
        .map((kv) => (/^[^=]*(pass|key|secret|token)[^=]*=/i.test(kv) ? `${kv.slice(0, kv.indexOf('='))}=***` : kv))
        .join('&')}`
    : '';
  return `${scheme}${auth}${rest}${q}${fragment ? '#' : ''}`;
}

/** True when a PostgreSQL URL carries its password in the user part. */
export function urlHasPassword(url: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  const authority = m?.[1] ?? '';
  const at = authority.lastIndexOf('@');
  return at >= 0 && authority.slice(0, at).includes(':');
}
