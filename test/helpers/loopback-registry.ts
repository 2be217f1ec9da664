// Debian's docker-registry on loopback, optionally notifying `swarmguard serve` of pushes (bearer token).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from './fixture-db.js';

export interface RegistryNotifications {
  url: string;
  token: string;
}

/** Starts the registry with its storage under `dir` and waits until /v2/ answers. Stop it with kill('SIGTERM'). */
export async function startLoopbackRegistry(dir: string, port: number, notify?: RegistryNotifications): Promise<ChildProcess> {
  const config = path.join(dir, 'registry.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, 'registry')} }, delete: { enabled: true } }`,
      `http: { addr: 127.0.0.1:${port} }`,
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
  await waitFor('the registry', () => (spawnSync('curl', ['-sf', `http://127.0.0.1:${port}/v2/`]).status === 0 ? true : undefined), 30_000);
  return registry;
}
