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
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

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

/** What the request handlers share: the options, the sign-in state, the open live pages and the SBOM reader. */
interface Context {
  readonly options: DashboardOptions;
  readonly log: (line: string) => void;
  readonly sessions: SessionSigner;
  readonly limiter: LoginLimiter;
  readonly live: LiveUpdates;
  readonly sbom: (key: string, res: http.ServerResponse, head: boolean) => void;
  /** Set when neither a token nor TLS guards the server (loopback): the Host header must name it. */
  readonly hostAllowed: ((header: string | undefined) => boolean) | undefined;
}

/** A host name this server answers to, on the port it listens on: a rebound DNS name is refused. */
function hostGuard(options: DashboardOptions, port: () => number): (header: string | undefined) => boolean {
  const allowedHostNames = new Set((options.allowedHostNames ?? ['localhost', '127.0.0.1', '[::1]']).map((h) => h.toLowerCase()));
  return (header) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec((header ?? '').toLowerCase());
    return m !== null && allowedHostNames.has(m[1]!) && Number(m[2] ?? (options.tls ? 443 : 80)) === port();
  };
}

interface LiveUpdates {
  /** GET /events: a server-sent event stream, told when the history changes. */
  open(req: http.IncomingMessage, res: http.ServerResponse): void;
  close(): void;
}

/** The open live pages: a `change` event when the history's data version moves, and a keep-alive every 15 s. */
function liveUpdates(options: DashboardOptions): LiveUpdates {
  const live = new Set<http.ServerResponse>();
  const maxLive = options.maxLiveClients ?? 64;
  const safeVersion = (): string => {
    try {
      return `${options.sources.runs.dataVersion()}`;
    } catch {
      return '';
    }
  };
  let lastVersion = safeVersion();
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
  return {
    open(req, res) {
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
    },
    close() {
      clearInterval(poll);
      clearInterval(heartbeat);
      for (const res of live) res.end();
      live.clear();
    },
  };
}

function page(ctx: Context, res: http.ServerResponse, r: Rendered, head: boolean): void {
  send(res, r.status, 'text/html; charset=utf-8', toText(layout(r, { version: ctx.options.version })), {}, head);
}

/** A bearer token in the Authorization header, or the session cookie of a sign-in; anyone when there is no token. */
function authorized(ctx: Context, req: http.IncomingMessage): boolean {
  if (ctx.options.token === undefined) return true;
  if (tokenMatches(req.headers.authorization, ctx.options.token)) return true;
  return ctx.sessions.valid(cookie(req.headers.cookie, SESSION_COOKIE));
}

/** POST /login: same origin only, failures limited per client address; a right token gets a session cookie. */
function login(ctx: Context, req: http.IncomingMessage, res: http.ServerResponse): void {
  const { options } = ctx;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null' && new URL(origin).host !== req.headers.host) {
    req.resume();
    return send(res, 403, 'text/plain; charset=utf-8', 'cross-origin sign-in refused\n');
  }
  const who = req.socket.remoteAddress ?? '?';
  if (ctx.limiter.blocked(who)) {
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
      ctx.limiter.failed(who);
      ctx.log(`dashboard: failed sign-in from ${who}`);
      return send(res, 401, 'text/html; charset=utf-8', loginPage(options.version, next, true));
    }
    send(res, 303, 'text/plain; charset=utf-8', '', {
      Location: next,
      'Set-Cookie': `${SESSION_COOKIE}=${ctx.sessions.issue()}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}${options.tls ? '; Secure' : ''}`,
    });
  });
}

/** GET /images/KEY/sbom.cdx.json: one SBOM read from the engine at a time, as a download. */
function sbomDownloads(options: DashboardOptions, render: (res: http.ServerResponse, r: Rendered, head: boolean) => void): Context['sbom'] {
  let busy = false;
  return (key, res, head) => {
    if (!options.sbom) return render(res, notFound('SBOMs are read from the engine; this dashboard was started without one.', '/images'), head);
    if (busy) return send(res, 503, 'text/plain; charset=utf-8', 'another SBOM is being read; try again in a moment\n', { 'Retry-After': '5' }, head);
    busy = true;
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
      .catch((e: unknown) => render(res, notFound(`No SBOM for ${key}: ${errorMessage(e)}`, '/images'), head))
      .finally(() => {
        busy = false;
      });
  };
}

/** An overlong URL, or (without a token or TLS) a Host header this server is not: refused before anything else. True when refused. */
function refused(ctx: Context, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if ((req.url ?? '').length > 4096) {
    send(res, 414, 'text/plain; charset=utf-8', 'URL too long\n');
    return true;
  }
  if (ctx.hostAllowed !== undefined && !ctx.hostAllowed(req.headers.host)) {
    req.resume();
    send(res, 421, 'text/plain; charset=utf-8', 'unexpected Host header: open the dashboard by the address it listens on\n');
    return true;
  }
  return false;
}

/** What is answered without authentication: a sign-in, a method other than GET and HEAD, the static assets and /healthz. True when answered. */
function answeredWithoutAuth(ctx: Context, req: http.IncomingMessage, res: http.ServerResponse, url: URL, head: boolean): boolean {
  if (req.method === 'POST' && url.pathname === '/login') {
    login(ctx, req, res);
    return true;
  }
  if (req.method !== 'GET' && !head) {
    req.resume();
    send(res, 405, 'text/plain; charset=utf-8', 'the dashboard is read-only\n', { Allow: 'GET, HEAD' });
    return true;
  }
  const asset = ASSETS.get(url.pathname);
  if (asset) {
    if (req.headers['if-none-match'] === asset.etag) send(res, 304, asset.type, '', { ETag: asset.etag }, true);
    else send(res, 200, asset.type, asset.body, { ETag: asset.etag, 'Cache-Control': 'max-age=300' }, head);
    return true;
  }
  if (url.pathname === '/healthz') {
    send(res, 200, 'application/json', '{"status":"ok"}\n', {}, head);
    return true;
  }
  return false;
}

/** Not signed in: the sign-in page, a 401 for scripts and the event stream, else a redirect to /login. */
function unauthorized(ctx: Context, req: http.IncomingMessage, res: http.ServerResponse, url: URL, head: boolean): void {
  if (url.pathname === '/login')
    return send(res, 200, 'text/html; charset=utf-8', loginPage(ctx.options.version, localPath(url.searchParams.get('next')), false), {}, head);
  if (url.pathname === '/events' || (req.headers.accept ?? '').includes('application/json'))
    return send(res, 401, 'text/plain; charset=utf-8', 'unauthorized\n', { 'WWW-Authenticate': 'Bearer' }, head);
  send(res, 303, 'text/plain; charset=utf-8', '', { Location: `/login?next=${encodeURIComponent(url.pathname + url.search)}` }, head);
}

/** The page at /SECTION[/NAME]: undefined when there is none. */
function pageAt(src: Sources, section: string | undefined, name: string | undefined, q: URLSearchParams): Rendered | undefined {
  switch (section) {
    case undefined:
      return overviewPage(src);
    case 'services':
      return name === undefined ? servicesPage(src, q) : servicePage(src, name, q);
    case 'images':
      return name === undefined ? imagesPage(src, q) : imagePage(src, name, q);
    case 'vulnerabilities':
      return name !== undefined ? vulnerabilityPage(src, name, q) : undefined;
    case 'nodes':
      return name === undefined ? nodesPage(src) : undefined;
    case 'networks':
      return name === undefined ? networksPage(src) : undefined;
    case 'runs':
      return name === undefined ? runsPage(src, q) : runPage(src, name, q);
    default:
      return undefined;
  }
}

/** A signed-in GET or HEAD: the event stream, the SBOM download, or a page. */
function signedIn(ctx: Context, req: http.IncomingMessage, res: http.ServerResponse, url: URL, head: boolean): void {
  let parts: string[];
  try {
    parts = url.pathname
      .split('/')
      .filter(Boolean)
      .map((p) => decodeURIComponent(p));
  } catch {
    return page(ctx, res, notFound('That address is not valid.'), head);
  }
  const q = url.searchParams;
  const [a, b, c, ...rest] = parts;
  if (a === 'events' && !b) return ctx.live.open(req, res);
  if (a === 'login' && !b) return send(res, 303, 'text/plain; charset=utf-8', '', { Location: localPath(q.get('next')) }, head);
  if (a === 'images' && b && c === 'sbom.cdx.json' && rest.length === 0) return ctx.sbom(b, res, head);
  if (c !== undefined || rest.length > 0) return page(ctx, res, notFound('No such page.'), head);
  page(ctx, res, pageAt(ctx.options.sources, a, b, q) ?? notFound('No such page.'), head);
}

function handle(ctx: Context, req: http.IncomingMessage, res: http.ServerResponse): void {
  try {
    if (refused(ctx, req, res)) return;
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const head = req.method === 'HEAD';
    if (answeredWithoutAuth(ctx, req, res, url, head)) return;
    if (!authorized(ctx, req)) return unauthorized(ctx, req, res, url, head);
    signedIn(ctx, req, res, url, head);
  } catch (e) {
    ctx.log(`dashboard: ${req.method ?? ''} ${(req.url ?? '').slice(0, 200)} failed: ${errorMessage(e)}`);
    if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'the page could not be built; see the dashboard log\n');
    else res.end();
  }
}

export function createDashboardServer(options: DashboardOptions): DashboardServer {
  const guardHost = options.token === undefined && options.tls === undefined;
  const port = (): number => {
    const addr = server.address();
    return typeof addr === 'object' && addr !== null ? addr.port : 0;
  };
  const ctx: Context = {
    options,
    log: options.log ?? ((l: string) => process.stderr.write(`${l}\n`)),
    sessions: new SessionSigner(),
    limiter: new LoginLimiter(),
    live: liveUpdates(options),
    sbom: sbomDownloads(options, (res, r, head) => page(ctx, res, r, head)),
    hostAllowed: guardHost ? hostGuard(options, port) : undefined,
  };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => handle(ctx, req, res);
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
        ctx.live.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
