// The dashboard's HTTP server: read-only pages over the history, live updates as server-sent events, and the same
// authentication as `serve` (a bearer token, or mutual TLS; loopback alone may go without). Every response carries
// a strict Content-Security-Policy: scripts, styles and images from this origin only, nothing inline.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { errorMessage } from '../core/errors.js';
import { tokenMatches } from '../autoscan/server.js';
import { ASSETS } from './assets.js';
import { html, toText } from './html.js';
import type { Sources } from './model.js';
import {
  imagePage,
  imagesPage,
  layout,
  networksPage,
  nodesPage,
  notFound,
  overviewPage,
  runPage,
  runsPage,
  servicePage,
  servicesPage,
  vulnerabilityPage,
  type Rendered,
} from './pages.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export const SESSION_COOKIE = 'sg_dashboard';

export interface DashboardOptions {
  sources: Sources;
  version: string;
  /** Bearer token; browsers sign in once with it on /login and get a session cookie derived from it. */
  token?: string;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  /** Host names (without the port) accepted when neither a token nor TLS guards the server (loopback): stops DNS rebinding. */
  allowedHostNames?: readonly string[];
  /** Builds the CycloneDX SBOM of an image on request (from the engine); without it the link says why not. */
  sbom?: (imageKey: string) => Promise<string>;
  /** How often the history is checked for changes to push to open pages. */
  pollMs?: number;
  maxLiveClients?: number;
  log?: (line: string) => void;
}

export interface DashboardServer {
  server: http.Server;
  close(): Promise<void>;
}

/** How long a sign-in lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * Signed sessions: `issued.expires.nonce.mac`, the MAC by a key made at each start (a restart signs everybody
 * out). The token itself is never in the cookie, and a stolen cookie stops working when it expires.
 */
export class SessionSigner {
  private readonly key = randomBytes(32);

  constructor(private readonly ttlMs = SESSION_TTL_MS) {}

  issue(now = Date.now()): string {
    const body = `${now}.${now + this.ttlMs}.${randomBytes(12).toString('base64url')}`;
    return `${body}.${this.mac(body)}`;
  }

  valid(value: string | undefined, now = Date.now()): boolean {
    const m = /^(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
    if (!m) return false;
    const expected = Buffer.from(this.mac(`${m[1]}.${m[2]}.${m[3]}`));
    const given = Buffer.from(m[4]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    return Number(m[1]) <= now && now < Number(m[2]);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** Failed sign-ins per client address: at most `max` in `windowMs`, then 429 until the window passes. */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 60_000,
  ) {}

  blocked(who: string, now = Date.now()): boolean {
    const recent = (this.failures.get(who) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length) this.failures.set(who, recent);
    else this.failures.delete(who);
    return recent.length >= this.max;
  }

  failed(who: string, now = Date.now()): void {
    if (this.failures.size > 10_000) this.failures.clear();
    this.failures.set(who, [...(this.failures.get(who) ?? []), now].slice(-this.max));
  }
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

const ORIGIN = 'http://dashboard.invalid';

/**
 * A path inside this server to return to after signing in; anything else becomes "/". `next` is parsed as a URL
 * against this server's origin, as a browser would, and must stay on that origin; it may hold no control
 * characters, whitespace or backslashes (browsers drop a tab: `/<TAB>/evil.example/` would become `//evil.example/`).
 */
export function localPath(next: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (!next || next.length >= 2048 || !next.startsWith('/') || /[\u0000-\u0020\u007f-\u00a0\\\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/.test(next))
    return '/';
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== ORIGIN) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

function send(res: http.ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}, head = false): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...extra });
  res.end(head ? undefined : body);
}

function loginPage(version: string, next: string, failed: boolean): string {
  const body = html`<h1>Sign in</h1>
    <p>This dashboard needs the token it was started with (<code>--token-file</code> or <code>$SWARMGUARD_DASHBOARD_TOKEN</code>).</p>
    ${failed ? html`<p class="bad" role="alert">That token is not right.</p>` : ''}
    <form class="filters" method="post" action="/login">
      <input type="hidden" name="next" value="${next}" />
      <label for="token">Token<input id="token" name="token" type="password" autocomplete="current-password" required /></label>
      <button type="submit">Sign in</button>
    </form>`;
  return toText(layout({ status: 401, title: 'Sign in', body, section: '' }, { version }));
}

export function createDashboardServer(options: DashboardOptions): DashboardServer {
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const sessions = new SessionSigner();
  const limiter = new LoginLimiter();
  const guardHost = options.token === undefined && options.tls === undefined;
  const allowedHostNames = new Set((options.allowedHostNames ?? ['localhost', '127.0.0.1', '[::1]']).map((h) => h.toLowerCase()));
  const hostAllowed = (header: string | undefined): boolean => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec((header ?? '').toLowerCase());
    return m !== null && allowedHostNames.has(m[1]!) && Number(m[2] ?? (options.tls ? 443 : 80)) === port;
  };
  const live = new Set<http.ServerResponse>();
  const maxLive = options.maxLiveClients ?? 64;
  let lastVersion = safeVersion();
  let sbomBusy = false;

  function safeVersion(): string {
    try {
      return `${options.sources.runs.dataVersion()}`;
    } catch {
      return '';
    }
  }

  const poll = setInterval(() => {
    const v = safeVersion();
    if (v !== lastVersion) {
      lastVersion = v;
      const latestScan = options.sources.scans.list({ limit: 1 })[0]?.id ?? null;
      const latestRun = options.sources.runs.latest()?.id ?? null;
      for (const res of live) res.write(`event: change\ndata: ${JSON.stringify({ latestScan, latestRun })}\n\n`);
    }
  }, options.pollMs ?? 1000);
  poll.unref();
  const heartbeat = setInterval(() => {
    for (const res of live) res.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  const authorized = (req: http.IncomingMessage): boolean => {
    if (options.token === undefined) return true;
    if (tokenMatches(req.headers.authorization, options.token)) return true;
    return sessions.valid(cookie(req.headers.cookie, SESSION_COOKIE));
  };

  const page = (res: http.ServerResponse, r: Rendered, head: boolean): void =>
    send(res, r.status, 'text/html; charset=utf-8', toText(layout(r, { version: options.version })), {}, head);

  const login = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null' && new URL(origin).host !== req.headers.host) {
      req.resume();
      return send(res, 403, 'text/plain; charset=utf-8', 'cross-origin sign-in refused\n');
    }
    const who = req.socket.remoteAddress ?? '?';
    if (limiter.blocked(who)) {
      req.resume();
      return send(res, 429, 'text/plain; charset=utf-8', 'too many failed sign-ins: wait a minute\n', { 'Retry-After': '60' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 8192) req.destroy();
      else chunks.push(c);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const next = localPath(form.get('next'));
      const given = form.get('token') ?? '';
      if (options.token === undefined) return send(res, 303, 'text/plain; charset=utf-8', '', { Location: next });
      if (!tokenMatches(`Bearer ${given}`, options.token)) {
        limiter.failed(who);
        log(`dashboard: failed sign-in from ${who}`);
        return send(res, 401, 'text/html; charset=utf-8', loginPage(options.version, next, true));
      }
      send(res, 303, 'text/plain; charset=utf-8', '', {
        Location: next,
        'Set-Cookie': `${SESSION_COOKIE}=${sessions.issue()}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}${options.tls ? '; Secure' : ''}`,
      });
    });
  };

  const events = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (live.size >= maxLive) return send(res, 503, 'text/plain; charset=utf-8', 'too many live pages open\n', { 'Retry-After': '30' });
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    live.add(res);
    req.on('close', () => live.delete(res));
  };

  const sbom = (key: string, res: http.ServerResponse, head: boolean): void => {
    if (!options.sbom) return page(res, notFound('SBOMs are read from the engine; this dashboard was started without one.', '/images'), head);
    if (sbomBusy) return send(res, 503, 'text/plain; charset=utf-8', 'another SBOM is being read; try again in a moment\n', { 'Retry-After': '5' }, head);
    sbomBusy = true;
    options
      .sbom(key)
      .then((doc) =>
        send(
          res,
          200,
          'application/vnd.cyclonedx+json',
          doc,
          { 'Content-Disposition': `attachment; filename="sbom-${key.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}.cdx.json"` },
          head,
        ),
      )
      .catch((e: unknown) => page(res, notFound(`No SBOM for ${key}: ${errorMessage(e)}`, '/images'), head))
      .finally(() => {
        sbomBusy = false;
      });
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    try {
      if ((req.url ?? '').length > 4096) return send(res, 414, 'text/plain; charset=utf-8', 'URL too long\n');
      if (guardHost && !hostAllowed(req.headers.host)) {
        req.resume();
        return send(res, 421, 'text/plain; charset=utf-8', 'unexpected Host header: open the dashboard by the address it listens on\n');
      }
      const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
      const head = req.method === 'HEAD';
      if (req.method === 'POST' && url.pathname === '/login') return login(req, res);
      if (req.method !== 'GET' && !head) {
        req.resume();
        return send(res, 405, 'text/plain; charset=utf-8', 'the dashboard is read-only\n', { Allow: 'GET, HEAD' });
      }
      const asset = ASSETS.get(url.pathname);
      if (asset) {
        if (req.headers['if-none-match'] === asset.etag) return send(res, 304, asset.type, '', { ETag: asset.etag }, true);
        return send(res, 200, asset.type, asset.body, { ETag: asset.etag, 'Cache-Control': 'max-age=300' }, head);
      }
      if (url.pathname === '/healthz') return send(res, 200, 'application/json', '{"status":"ok"}\n', {}, head);
      if (!authorized(req)) {
        if (url.pathname === '/login')
          return send(res, 200, 'text/html; charset=utf-8', loginPage(options.version, localPath(url.searchParams.get('next')), false), {}, head);
        if (url.pathname === '/events' || (req.headers.accept ?? '').includes('application/json'))
          return send(res, 401, 'text/plain; charset=utf-8', 'unauthorized\n', { 'WWW-Authenticate': 'Bearer' }, head);
        return send(res, 303, 'text/plain; charset=utf-8', '', { Location: `/login?next=${encodeURIComponent(url.pathname + url.search)}` }, head);
      }
      let parts: string[];
      try {
        parts = url.pathname
          .split('/')
          .filter(Boolean)
          .map((p) => decodeURIComponent(p));
      } catch {
        return page(res, notFound('That address is not valid.'), head);
      }
      const q = url.searchParams;
      const src = options.sources;
      const [a, b, c, ...rest] = parts;
      if (a === 'events' && !b) return events(req, res);
      if (a === 'login' && !b) return send(res, 303, 'text/plain; charset=utf-8', '', { Location: localPath(q.get('next')) }, head);
      if (a === 'images' && b && c === 'sbom.cdx.json' && rest.length === 0) return sbom(b, res, head);
      if (c !== undefined || rest.length > 0) return page(res, notFound('No such page.'), head);
      const r: Rendered | undefined =
        a === undefined
          ? overviewPage(src)
          : a === 'services'
            ? b === undefined
              ? servicesPage(src, q)
              : servicePage(src, b, q)
            : a === 'images'
              ? b === undefined
                ? imagesPage(src, q)
                : imagePage(src, b, q)
              : a === 'vulnerabilities' && b !== undefined
                ? vulnerabilityPage(src, b, q)
                : a === 'nodes' && b === undefined
                  ? nodesPage(src)
                  : a === 'networks' && b === undefined
                    ? networksPage(src)
                    : a === 'runs'
                      ? b === undefined
                        ? runsPage(src, q)
                        : runPage(src, b, q)
                      : undefined;
      return page(res, r ?? notFound('No such page.'), head);
    } catch (e) {
      log(`dashboard: ${req.method ?? ''} ${(req.url ?? '').slice(0, 200)} failed: ${errorMessage(e)}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'the page could not be built; see the dashboard log\n');
      else res.end();
    }
  };

  const server = options.tls
    ? https.createServer(
        { cert: options.tls.cert, key: options.tls.key, ...(options.tls.ca ? { ca: options.tls.ca, requestCert: true, rejectUnauthorized: true } : {}) },
        handler,
      )
    : http.createServer(handler);
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(poll);
        clearInterval(heartbeat);
        for (const res of live) res.end();
        live.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
