// swarmguard as a stack on the swarm it guards (`swarmguard self init`, deploy/swarmguard.yaml): PostgreSQL
// for the shared history, serve replicas anywhere, watch replicas on managers (one enforces at a time), and
// the dashboard; on an encrypted, internal overlay, with the token and the database password as Docker
// secrets, read-only roots, every capability dropped, healthchecks, limits and bounded restarts.
import { promises as fs } from 'node:fs';
import { UserError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { isPinnedReference } from '../engine/node-job.js';
import { autoscanMessages } from './messages.js';

export interface SelfStackOptions {
  /** swarmguard's image, pinned (`repo@sha256:…`, or a local image ID), or `${SWARMGUARD_IMAGE}` for the template. */
  image: string;
  /** The group that owns the engine socket on the nodes: serve and watch run as nobody in that group. */
  socketGid: number | `${string}`;
  /** The dashboard's port, published in host mode on the node that runs it. */
  dashboardPort?: number;
  /** The postgres user's uid in the image (Debian's package makes it a system user: 100 in swarmguard's image). */
  postgresUid?: number;
  /** Prefix of the external secrets' names (default swarmguard). */
  secretPrefix?: string;
}

const q = (s: string) => JSON.stringify(s);

/** The history every service shares. */
const HISTORY_URL = 'postgres://swarmguard@db:5432/postgres';

/** A service's deploy section: replicas on virtual-IP-less endpoints, on managers or anywhere, its limits and restarts. */
const deploy = (replicas: number, onManagers: boolean, memory: string, pids: number) => `    deploy:
      mode: replicated
      replicas: ${replicas}
      endpoint_mode: dnsrr
${onManagers ? '      placement:\n        constraints: [node.role == manager]\n' : ''}${limits(memory, pids)}`;

const limits = (memory: string, pids: number) => `      resources:
        limits:
          memory: ${memory}
          pids: ${pids}
      restart_policy:
        condition: any
        delay: 5s
        max_attempts: 20
        window: 120s`;

/** What every service has: a read-only root, no capabilities, bounded logs. */
const COMMON = `    read_only: true
    cap_drop: [ALL]
    logging:
      driver: json-file
      options:
        max-size: "10m"
        max-file: "3"`;

/** Secrets mounted read-only for one user (nobody unless said). */
const secrets = (names: string[], uid: number | string = 65534) =>
  names.map((n) => `      - source: ${n}\n        target: ${n}\n        mode: 0400\n        uid: "${uid}"`).join('\n');

/** serve and watch: nobody in the socket's group, the engine socket, the advisories read-only. */
const engineUser = (o: SelfStackOptions, names: string[]) => `    user: "65534:${o.socketGid}"
    environment:
      SWARMGUARD_DATABASE_PASSWORD_FILE: /run/secrets/db_password
      XDG_CACHE_HOME: /var/cache/swarmguard
      HOME: /tmp
    secrets:
${secrets(names)}
    networks: [backend]
    volumes:
      # Deliberate exception (docker-socket-mount): see the header and x-swarmguard.waivers.
      - /var/run/docker.sock:/var/run/docker.sock
      - advisories:/var/lib/swarmguard/db:ro
      - type: tmpfs
        target: /var/cache/swarmguard
      - type: tmpfs
        target: /tmp`;

const health = (url: string) => `    healthcheck:
      test: ["CMD", "node", "-e", ${q(`fetch(${q(url)}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`)}]
      interval: 15s
      timeout: 5s
      retries: 3
      start_period: 30s`;

/** The comment that opens the file: how to make the secrets, check and deploy it, and why two services mount the socket. */
const header = (o: SelfStackOptions, prefix: string, port: number) => `# swarmguard on the swarm it guards, written by \`swarmguard self init\`.
#   Secrets (once):  openssl rand -base64 32 | docker secret create ${prefix}_db_password -
#                    openssl rand -base64 32 | docker secret create ${prefix}_serve_token -
#                    openssl rand -base64 32 | docker secret create ${prefix}_dashboard_token -
#   Advisories:      the volume <stack>_advisories holds vuln.db (swarmguard db update --db <volume path>/vuln.db)
#   Check:           swarmguard compose lint deploy/swarmguard.yaml
#   Deploy:          docker stack deploy --resolve-image never -c deploy/swarmguard.yaml swarmguard
#
# - db: PostgreSQL from Debian's package in swarmguard's image, the shared history, scan queue and verdicts.
#   Its volume is local to one node: the placement keeps it on a manager; pin it to one with a node label
#   (node.labels.swarmguard-db == true) on a swarm with several managers.
# - serve: registry push notifications, any node; replicas share the queue (leases with expiry).
# - watch: service deploys, managers only; replicas elect one enforcer with an advisory lock.
# - dashboard: reads the same history; published on port ${port} of the node that runs it (host mode).
# Everything talks over one encrypted internal overlay; only the dashboard and serve have a second,
# encrypted network for their published ports. No service runs as root: serve and watch run as nobody in
# the group that owns the engine socket (gid ${o.socketGid}), the others as nobody or postgres.
#
# Deliberate exception, the one finding above LOW (docker-socket-mount): serve reads and pulls images
# through the engine of its node, and watch follows and updates services through a manager's engine. Both
# mount the socket, as nobody in its group, with a read-only root and no capabilities; nothing else does.
# The waivers below say so to \`swarmguard compose lint\` and to its gated \`stack deploy\`: the findings are
# still listed, marked waived with these reasons, and a waiver that stops matching is reported.
version: "3.9"

x-swarmguard:
  waivers:
    - rule: docker-socket-mount
      service: serve
      reason: serve reads and pulls the images it scans through the engine of its node; it runs as nobody in the socket's group, read-only, with no capabilities
    - rule: docker-socket-mount
      service: watch
      reason: watch follows and rolls back services through a manager's engine (managers only); it runs as nobody in the socket's group, read-only, with no capabilities
`;

const dbService = (o: SelfStackOptions) => `  db:
    image: ${q(o.image)}
    entrypoint: ["/opt/swarmguard/deploy/postgres-entrypoint.sh"]
    user: postgres
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
${secrets(['db_password'], o.postgresUid ?? 100)}
    networks: [backend]
    volumes:
      - db-data:/var/lib/postgresql/data
      # The unix socket and temporary files (a tmpfs is 1777, as PostgreSQL's socket directory needs).
      - type: tmpfs
        target: /tmp
${COMMON}
    healthcheck:
      test: ["CMD", "pg_isready", "-q", "-h", "/tmp", "-U", "swarmguard", "-d", "postgres"]
      interval: 10s
      timeout: 5s
      retries: 5
      start_period: 30s
${deploy(1, true, '512M', 200)}
`;

const serveService = (o: SelfStackOptions) => `  serve:
    image: ${q(o.image)}
    command: ["serve", "--listen", "0.0.0.0:8090", "--token-file", "/run/secrets/serve_token", "--history", ${q(HISTORY_URL)}, "--db", "/var/lib/swarmguard/db/vuln.db"]
${engineUser(o, ['db_password', 'serve_token'])}
${COMMON}
${health('http://127.0.0.1:8090/healthz')}
${deploy(2, false, '1G', 500)}
`;

const watchService = (o: SelfStackOptions) => `  watch:
    image: ${q(o.image)}
    command: ["watch", "--enforce", "rollback", "--threshold", "CRITICAL", "--history", ${q(HISTORY_URL)}, "--db", "/var/lib/swarmguard/db/vuln.db"]
${engineUser(o, ['db_password'])}
${COMMON}
    # watch has no port: the check is that its process answers (node runs as PID 1).
    healthcheck:
      test: ["CMD", "node", "-e", "process.kill(1, 0)"]
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 30s
${deploy(2, true, '1G', 500)}
`;

const dashboardService = (o: SelfStackOptions, port: number) => `  dashboard:
    image: ${q(o.image)}
    command: ["dashboard", "--listen", "0.0.0.0:8091", "--token-file", "/run/secrets/dashboard_token", "--history", ${q(HISTORY_URL)}, "--no-sbom"]
    user: "65534:65534"
    environment:
      SWARMGUARD_DATABASE_PASSWORD_FILE: /run/secrets/db_password
      HOME: /tmp
    secrets:
${secrets(['db_password', 'dashboard_token'])}
    networks: [backend, published]
    ports:
      - target: 8091
        published: ${port}
        protocol: tcp
        mode: host
    volumes:
      - type: tmpfs
        target: /tmp
${COMMON}
${health('http://127.0.0.1:8091/healthz')}
${deploy(1, false, '512M', 200)}
`;

/** The encrypted overlays, the volumes, and the external secrets by their prefixed names. */
const topLevel = (prefix: string) => `networks:
  backend:
    driver: overlay
    internal: true
    driver_opts:
      encrypted: "true"
  published:
    driver: overlay
    driver_opts:
      encrypted: "true"

volumes:
  db-data:
  advisories:

secrets:
  db_password:
    external: true
    name: ${prefix}_db_password
  serve_token:
    external: true
    name: ${prefix}_serve_token
  dashboard_token:
    external: true
    name: ${prefix}_dashboard_token
`;

export function renderSelfStack(o: SelfStackOptions): string {
  const port = o.dashboardPort ?? 8091;
  const prefix = o.secretPrefix ?? 'swarmguard';
  const services = [dbService(o), serveService(o), watchService(o), dashboardService(o, port)].join('\n');
  return `${header(o, prefix, port)}\nservices:\n${services}\n${topLevel(prefix)}`;
}

/** `${SWARMGUARD_IMAGE}`: an image left to deploy time, for the template. */
export function isDeployTimeImage(image: string): boolean {
  return /^\$\{[A-Z_]+\}$/.test(image);
}

/** Writes the stack; refuses to overwrite unless forced, and an image that is not pinned (by the one reference type). */
export async function writeSelfStack(file: string, o: SelfStackOptions & { force?: boolean }): Promise<void> {
  if (!isDeployTimeImage(o.image) && !isPinnedReference(o.image))
    throw new UserError(autoscanMessages.say('autoscan.self.notPinned', { image: o.image }), { hint: autoscanMessages.say('autoscan.self.notPinned.hint') });
  if (
    o.force !== true &&
    (await fs.lstat(file).then(
      () => true,
      () => false,
    ))
  )
    throw new UserError(autoscanMessages.say('autoscan.self.exists', { file }), { hint: autoscanMessages.say('autoscan.self.exists.hint') });
  await writeFileAtomic(file, renderSelfStack(o));
}
