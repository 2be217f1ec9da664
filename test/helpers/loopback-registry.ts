// Debian's docker-registry on loopback, optionally notifying `swarmguard serve` of pushes (bearer token), or asking
// its clients to authenticate.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from './fixture-db.js';

export interface RegistryNotifications {
  url: string;
  token: string;
}

/**
 * Starts the registry with its storage under `dir` and waits until /v2/ answers: 200, or 401 when `auth` (the lines
 * of its `auth:` configuration) asks clients to authenticate. Stop it with kill('SIGTERM').
 */
export async function startLoopbackRegistry(dir: string, port: number, notify?: RegistryNotifications, auth: readonly string[] = []): Promise<ChildProcess> {
  const config = path.join(dir, 'registry.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, 'registry')} }, delete: { enabled: true } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      ...auth,
      ...(notify
        ? [
            'notifications:',
            '  endpoints:',
            '    - name: swarmguard',
            `      url: ${notify.url}`,
            `      headers: { Authorization: [Bearer ${notify.token}] }`,
            '      timeout: 2s',
            '      threshold: 3',
            '      backoff: 1s',
          ]
        : []),
      '',
    ].join('\n'),
  );
  const registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const ready = auth.length > 0 ? '401' : '200';
  const status = (): string => spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${port}/v2/`], { encoding: 'utf8' }).stdout;
  await waitFor('the registry', () => (status() === ready ? true : undefined), 30_000);
  return registry;
}
