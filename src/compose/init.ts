// `compose init`: a secure starting stack (nginx + httpd on an encrypted overlay), written once, never over a file by accident.
import { promises as fs } from 'node:fs';
import { UserError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic-write.js';

export const DEFAULT_INIT_FILE = 'overlay-encrypted.yaml';

export interface InitOptions {
  imageNginx?: string;
  imageHttpd?: string;
  endpointMode?: 'vip' | 'dnsrr';
}

/** A YAML double-quoted scalar; image references come from the command line. */
function quote(s: string): string {
  return JSON.stringify(s);
}

function healthcheck(kind: 'nginx' | 'httpd', image: string, defaultImage: string): string[] {
  // The official httpd image has neither curl nor wget; check that the server process is alive instead.
  if (kind === 'httpd' && image === defaultImage) {
    return ['    healthcheck:', '      test: ["CMD-SHELL", "kill -0 $$(cat /usr/local/apache2/logs/httpd.pid)"]'];
  }
  return ['    healthcheck:', '      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1/ || curl -fsS -o /dev/null http://127.0.0.1/ || exit 1"]'];
}

function service(kind: 'nginx' | 'httpd', image: string, defaultImage: string, endpointMode: string): string[] {
  // Writable paths each server needs under a read-only root filesystem.
  const writable = kind === 'nginx' ? ['/var/cache/nginx', '/var/run', '/tmp'] : ['/usr/local/apache2/logs', '/tmp'];
  return [
    `  ${kind}:`,
    `    image: ${quote(image)}`,
    '    networks:',
    '      - encrypted',
    '    # The official images start as root to bind port 80, then switch to an unprivileged user;',
    '    # so `user:` is left to the image, and only the capabilities for that switch are kept.',
    '    cap_drop: [ALL]',
    '    cap_add: [CHOWN, SETUID, SETGID, NET_BIND_SERVICE]',
    '    read_only: true',
    '    volumes:',
    ...writable.flatMap((t) => ['      - type: tmpfs', `        target: ${t}`]),
    ...healthcheck(kind, image, defaultImage),
    '      interval: 30s',
    '      timeout: 5s',
    '      retries: 3',
    '      start_period: 10s',
    '    logging:',
    '      driver: json-file',
    '      options:',
    '        max-size: "10m"',
    '        max-file: "3"',
    '    deploy:',
    '      mode: replicated',
    '      replicas: 1',
    `      endpoint_mode: ${endpointMode}`,
    '      resources:',
    '        limits:',
    '          memory: 256M',
    '          pids: 200',
    '        reservations:',
    '          memory: 32M',
    '      restart_policy:',
    '        condition: on-failure',
    '        delay: 5s',
    '        max_attempts: 5',
    '        window: 120s',
    '      update_config:',
    '        parallelism: 1',
    '        failure_action: rollback',
    '        order: start-first',
  ];
}

export function renderInitStack(opts: InitOptions = {}): string {
  const nginx = opts.imageNginx ?? 'nginx';
  const httpd = opts.imageHttpd ?? 'httpd';
  const endpointMode = opts.endpointMode ?? 'vip';
  const lines = [
    '# A secure starting stack for Docker Swarm, written by `swarmguard compose init`.',
    '# Deploy: docker stack deploy -c overlay-encrypted.yaml demo',
    '# Check:  swarmguard compose lint overlay-encrypted.yaml',
    '#',
    '# Both services share one overlay network whose traffic between nodes is encrypted (IPsec ESP):',
    '# the nodes must allow IP protocol 50 (ESP) besides 2377/tcp, 7946/tcp+udp and 4789/udp.',
    '# Pin the images to a version and digest (image: nginx:1.27@sha256:...) before production.',
    '# Nothing is published: add `ports:` (e.g. "8080:80") only for what must be reachable from outside.',
    'version: "3.9"',
    '',
    'services:',
    ...service('nginx', nginx, 'nginx', endpointMode),
    '',
    ...service('httpd', httpd, 'httpd', endpointMode),
    '',
    'networks:',
    '  encrypted:',
    '    driver: overlay',
    '    driver_opts:',
    '      encrypted: ""',
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes the stack to `file`; refuses to replace an existing file unless `force`. */
export async function writeInitStack(file: string, opts: InitOptions & { force?: boolean }): Promise<void> {
  if (opts.force !== true) {
    const exists = await fs.lstat(file).then(
      () => true,
      () => false,
    );
    if (exists) throw new UserError(`${file} already exists`, { hint: 'choose another file name, or add --force to overwrite it' });
  }
  for (const [flag, ref] of [
    ['--image-nginx', opts.imageNginx],
    ['--image-httpd', opts.imageHttpd],
  ] as const) {
    if (ref !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/.test(ref)) {
      throw new UserError(`${flag}: "${ref}" is not an image reference`, { hint: 'e.g. nginx:1.27 or registry.example.com/team/web:2.1' });
    }
  }
  await writeFileAtomic(file, renderInitStack(opts));
}
