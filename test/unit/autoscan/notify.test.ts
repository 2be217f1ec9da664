import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Webhook, eventAlert, parseWebhookUrl } from '../../../src/autoscan/notify.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A loopback webhook receiver that answers with the given statuses in turn. */
async function receiver(statuses: number[]) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    req.resume();
    res.statusCode = statuses[Math.min(seen.length - 1, statuses.length - 1)]!;
    res.end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const alert = eventAlert('scan.failed', { repository: 'r', tag: null, digest: '' }, 'push', 'HIGH', 'x');

describe('Webhook', () => {
  it('refuses URLs with credentials, and other schemes', () => {
    expect(() => parseWebhookUrl('https://user:hunter2@hooks.example/x')).toThrow(/credentials/);
    try {
      parseWebhookUrl('https://user:hunter2@hooks.example/x');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
    expect(() => parseWebhookUrl('file:///etc/passwd')).toThrow(/only http and https/);
    expect(() => parseWebhookUrl('not a url')).toThrow(/not a URL/);
  });

  it('retries with back-off, then counts the failure and logs only the origin', async () => {
    const r = await receiver([500]);
    const lines: string[] = [];
    const hook = new Webhook(`${r.base}/hooks/T0KEN-SECRET?key=SECRET2`, (l) => lines.push(l), { attempts: 3, retryDelayMs: 1 });
    expect(await hook.post(alert)).toBe(false);
    expect(r.seen).toHaveLength(3);
    expect(hook.stats).toEqual({ delivered: 0, failed: 1 });
    expect(lines.join('\n')).toContain(r.base);
    expect(lines.join('\n')).not.toMatch(/SECRET/);
  });

  it('delivers after a transient failure', async () => {
    const r = await receiver([503, 200]);
    const hook = new Webhook(`${r.base}/hook`, () => undefined, { attempts: 3, retryDelayMs: 1 });
    expect(await hook.post(alert)).toBe(true);
    expect(hook.stats).toEqual({ delivered: 1, failed: 0 });
  });

  it('keeps the path out of the log when the host is unreachable', async () => {
    const r = await receiver([200]);
    await new Promise((res) => servers.pop()!.close(res));
    const lines: string[] = [];
    const hook = new Webhook(`${r.base}/hooks/T0KEN-SECRET`, (l) => lines.push(l), { attempts: 1 });
    expect(await hook.post(alert)).toBe(false);
    expect(lines.join('\n')).not.toContain('SECRET');
  });
});
