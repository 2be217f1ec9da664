// `swarmguard serve`: receives registry push notifications, queues scans; health and metrics endpoints.
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { errorMessage } from '../core/errors.js';
import type { ScanQueue } from './queue.js';
import { parseRegistryNotification } from './registry-events.js';

export interface ServerOptions {
  queue: ScanQueue;
  /** Bearer token the registry sends (its endpoint `headers: Authorization: [Bearer …]`). */
  token?: string;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export const NOTIFICATION_PATHS = new Set(['/v1/registry/notifications', '/notifications']);

export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!.trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? `${JSON.stringify(body)}\n` : String(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

export function metricsText(queue: ScanQueue): string {
  const m = queue.metrics();
  const lines = [
    '# HELP swarmguard_scans_queued Scans waiting in the queue.',
    '# TYPE swarmguard_scans_queued gauge',
    `swarmguard_scans_queued ${m.queued}`,
    '# HELP swarmguard_scans_running Scans running now.',
    '# TYPE swarmguard_scans_running gauge',
    `swarmguard_scans_running ${m.running}`,
    '# HELP swarmguard_scans_total Finished scans by result.',
    '# TYPE swarmguard_scans_total counter',
    `swarmguard_scans_total{result="done"} ${m.done}`,
    `swarmguard_scans_total{result="failed"} ${m.failed}`,
    '# HELP swarmguard_notifications_deduplicated_total Requests for a digest already queued or scanned recently.',
    '# TYPE swarmguard_notifications_deduplicated_total counter',
    `swarmguard_notifications_deduplicated_total ${m.duplicates}`,
    '# HELP swarmguard_notifications_rejected_total Requests refused because the queue was full.',
    '# TYPE swarmguard_notifications_rejected_total counter',
    `swarmguard_notifications_rejected_total ${m.rejected}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function createScanServer(options: ServerOptions): http.Server {
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const peer = `${req.socket.remoteAddress ?? '?'}`;
    if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { status: 'ok', ...options.queue.metrics() });
    if (req.method === 'GET' && url.pathname === '/metrics') return send(res, 200, metricsText(options.queue), 'text/plain; version=0.0.4');
    if (!NOTIFICATION_PATHS.has(url.pathname)) return send(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return send(res, 405, { error: 'POST registry notification envelopes here' });
    if (options.token !== undefined && !tokenMatches(req.headers.authorization, options.token)) {
      log(`rejected a notification from ${peer}: missing or wrong bearer token`);
      req.resume();
      return send(res, 401, { error: 'unauthorized' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        tooBig = true;
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => undefined);
    req.on('close', () => {
      if (tooBig) {
        log(`rejected a notification from ${peer}: body over ${maxBody} bytes`);
        if (!res.headersSent) send(res, 413, { error: 'body too large' });
      }
    });
    req.on('end', () => {
      if (tooBig) return;
      let parsed;
      try {
        parsed = parseRegistryNotification(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      } catch (e) {
        log(`rejected a malformed notification from ${peer}: ${errorMessage(e)}`);
        return send(res, 400, { error: 'malformed notification', detail: errorMessage(e) });
      }
      const results = parsed.jobs.map((job) => ({ ref: job.ref, ...options.queue.submit(job) }));
      const queued = results.filter((r) => r.status === 'queued').length;
      if (parsed.jobs.length > 0 || parsed.ignored > 0) {
        log(`notification from ${peer}: ${parsed.jobs.length} image push(es), ${queued} queued, ${parsed.ignored} other event(s) ignored`);
      }
      send(res, results.some((r) => r.status === 'full') ? 503 : 200, { accepted: results, ignored: parsed.ignored });
    });
  };
  if (options.tls) {
    return https.createServer(
      { cert: options.tls.cert, key: options.tls.key, ...(options.tls.ca ? { ca: options.tls.ca, requestCert: true, rejectUnauthorized: true } : {}) },
      handler,
    );
  }
  return http.createServer(handler);
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
