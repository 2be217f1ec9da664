// `compose init`: a secure starting stack (nginx + httpd on an encrypted overlay), written once, never over a file by accident.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { familiarName, tryParseImageReference } from '../core/image-reference.js';
import { composeMessages as M } from './messages.js';

export const DEFAULT_INIT_FILE = 'overlay-encrypted.yaml';

export interface InitOptions {
  imageNginx?: string;
  imageHttpd?: string;
  endpointMode?: 'vip' | 'dnsrr';
  /** The file name, for the header's commands. */
  file?: string;
  /** What the engine knows of each chosen image (Cmd, Entrypoint, Env), when it has it. */
  imageFacts?: Partial<Record<'nginx' | 'httpd', ImageFacts>>;
  /** Why the endpoint mode was chosen, written as a comment (e.g. no IPVS on this node). */
  endpointReason?: string;
}

export interface ImageFacts {
  cmd: string[];
  entrypoint: string[];
  env: string[];
}

/**
 * What a server image needs under a read-only root: the paths it writes (tmpfs) and a health check its
 * tools can run. `null` writable: unknown image, so read_only is left out rather than guessed.
 */
export interface ImageProfile {
  name: string;
  writable: string[] | null;
  healthcheck: string;
}

const WGET_OR_CURL = 'wget -q -O /dev/null http://127.0.0.1/ || curl -fsS -o /dev/null http://127.0.0.1/ || exit 1';

export const PROFILES = {
  nginxOfficial: { name: 'the official nginx image', writable: ['/var/cache/nginx', '/var/run', '/tmp'], healthcheck: WGET_OR_CURL },
  nginxDebian: { name: "Debian's nginx", writable: ['/var/lib/nginx', '/var/log/nginx', '/run', '/tmp'], healthcheck: 'kill -0 $$(cat /run/nginx.pid)' },
  httpdOfficial: {
    name: 'the official httpd image',
    writable: ['/usr/local/apache2/logs', '/tmp'],
    healthcheck: 'kill -0 $$(cat /usr/local/apache2/logs/httpd.pid)',
  },
  apache2Debian: {
    name: "Debian's apache2",
    writable: ['/var/run/apache2', '/var/lock/apache2', '/var/log/apache2', '/tmp'],
    healthcheck: 'kill -0 $$(cat /var/run/apache2/apache2.pid)',
  },
  busyboxHttpd: { name: 'busybox httpd', writable: ['/tmp'], healthcheck: WGET_OR_CURL },
  unknown: { name: 'an image swarmguard does not know', writable: null, healthcheck: WGET_OR_CURL },
} satisfies Record<string, ImageProfile>;

/** A YAML double-quoted scalar; image references and commands come from the command line. */
function quote(s: string): string {
  return JSON.stringify(s);
}

/** Which profile fits an image: official images by name, others by what their command runs. */
export function imageProfile(image: string, facts?: ImageFacts): ImageProfile {
  const parsed = tryParseImageReference(image);
  const repo = parsed && familiarName(parsed);
  if (repo === 'nginx') return PROFILES.nginxOfficial;
  if (repo === 'httpd') return PROFILES.httpdOfficial;
  if (!facts) return PROFILES.unknown;
  const command = [...facts.entrypoint, ...facts.cmd].join(' ');
  if (/\bapache2(ctl)?\b/.test(command) || facts.env.some((e) => e.startsWith('APACHE_RUN_DIR='))) return PROFILES.apache2Debian;
  if (/\bnginx\b/.test(command)) return PROFILES.nginxDebian;
  if (/\bhttpd\b.*\s-f\b/.test(command) && !/apache/.test(command)) return PROFILES.busyboxHttpd;
  return PROFILES.unknown;
}

function service(kind: 'nginx' | 'httpd', image: string, endpointMode: string, facts?: ImageFacts): string[] {
  const profile = imageProfile(image, facts);
  const hardening =
    profile.writable === null
      ? [
          `    # read_only is left out: swarmguard does not know which paths ${image} writes. Add read_only: true`,
          '    # with a tmpfs volume for each of them (`swarmguard compose lint` flags it until then).',
        ]
      : [
          `    # Writable paths ${profile.name} needs under a read-only root filesystem:`,
          '    read_only: true',
          '    volumes:',
          ...profile.writable.flatMap((t) => ['      - type: tmpfs', `        target: ${t}`]),
        ];
  return [
    `  ${kind}:`,
    `    image: ${quote(image)}`,
    '    networks:',
    '      - encrypted',
    '    # The server starts as root to bind port 80, then switches to an unprivileged user;',
    '    # so `user:` is left to the image, and only the capabilities for that switch are kept.',
    '    cap_drop: [ALL]',
    '    cap_add: [CHOWN, SETUID, SETGID, NET_BIND_SERVICE]',
    ...hardening,
    '    healthcheck:',
    `      test: ["CMD-SHELL", ${quote(profile.healthcheck)}]`,
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
  const file = opts.file ?? DEFAULT_INIT_FILE;
  const lines = [
    '# A secure starting stack for Docker Swarm, written by `swarmguard compose init`.',
    `# Check:  swarmguard compose lint ${file}`,
    `# Deploy: swarmguard stack deploy -c ${file} test`,
    '# Verify: swarmguard stack verify test',
    '#',
    '# Both services share one overlay network whose traffic between nodes is encrypted (IPsec ESP):',
    '# the nodes must allow IP protocol 50 (ESP) besides 2377/tcp, 7946/tcp+udp and 4789/udp.',
    '# Pin the images to a version and digest (image: nginx:1.27@sha256:...) before production.',
    '# Nothing is published: add `ports:` (e.g. "8080:80") only for what must be reachable from outside.',
    ...(opts.endpointReason ? [`# endpoint_mode ${endpointMode}: ${opts.endpointReason}.`] : []),
    'version: "3.9"',
    '',
    'services:',
    ...service('nginx', nginx, endpointMode, opts.imageFacts?.nginx),
    '',
    ...service('httpd', httpd, endpointMode, opts.imageFacts?.httpd),
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
    if (exists) throw new UserError(M.say('compose.init.exists', { file }), { hint: M.say('compose.init.exists.hint') });
  }
  for (const [flag, ref] of [
    ['--image-nginx', opts.imageNginx],
    ['--image-httpd', opts.imageHttpd],
  ] as const) {
    if (ref !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/.test(ref)) {
      throw new UserError(M.say('compose.init.notImage', { flag, ref }), { hint: M.say('compose.init.notImage.hint') });
    }
  }
  await writeFileAtomic(file, renderInitStack({ ...opts, file: opts.file ?? path.basename(file) }));
}
