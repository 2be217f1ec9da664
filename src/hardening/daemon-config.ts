// What dockerd was told about its API endpoints and TLS, from its argv and daemon.json: the one dockerd argv parser
// and daemon.json reader that the host tip (engine-api-tcp-unauthenticated) and the benchmark (CIS 2.7 in 1.6.0,
// 2.8 in 1.8.0) ask whether the Docker API is exposed without authentication.
import { promises as fs } from 'node:fs';
import { errorMessage } from '../core/errors.js';

export interface DaemonApiConfig {
  /** -H / --host values, from argv and daemon.json "hosts". */
  hosts: string[];
  tls: boolean;
  tlsVerify: boolean;
  /** daemon.json path in use (--config-file or the default). */
  configFile: string;
}

const HOST_FLAGS = new Set(['-H', '--host']);

/** Parses dockerd's argv for the flags that matter to API exposure. */
export function parseDockerdArgv(argv: readonly string[]): DaemonApiConfig {
  const cfg: DaemonApiConfig = { hosts: [], tls: false, tlsVerify: false, configFile: '/etc/docker/daemon.json' };
  const boolFlag = (value: string | undefined): boolean => value === undefined || value === '' || value === 'true' || value === '1';
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('-') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('-') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const next = (): string | undefined => inline ?? argv[++i];
    if (HOST_FLAGS.has(name) || /^-H./.test(arg)) {
      const v = /^-H./.test(arg) && !arg.startsWith('-H=') ? arg.slice(2) : next();
      if (v !== undefined) cfg.hosts.push(v);
    } else if (name === '--tls') cfg.tls = boolFlag(inline);
    else if (name === '--tlsverify') cfg.tlsVerify = boolFlag(inline);
    else if (name === '--config-file') {
      const v = next();
      if (v !== undefined) cfg.configFile = v;
    }
  }
  return cfg;
}

/** Merges daemon.json's API settings (hosts, tls, tlsverify) into the argv view. */
export function mergeDaemonJson(cfg: DaemonApiConfig, daemonJson: unknown): DaemonApiConfig {
  if (typeof daemonJson !== 'object' || daemonJson === null) return cfg;
  const d = daemonJson as Record<string, unknown>;
  const hosts = Array.isArray(d.hosts) ? d.hosts.filter((h): h is string => typeof h === 'string') : [];
  return {
    ...cfg,
    hosts: [...cfg.hosts, ...hosts],
    tls: cfg.tls || d.tls === true,
    tlsVerify: cfg.tlsVerify || d.tlsverify === true,
  };
}

/** tcp://HOST:PORT entries of a host list (port defaults like dockerd: 2376 with TLS, else 2375). */
export function tcpHosts(cfg: DaemonApiConfig): { host: string; port: number; raw: string }[] {
  const out: { host: string; port: number; raw: string }[] = [];
  for (const raw of cfg.hosts) {
    if (!raw.startsWith('tcp://')) continue;
    const rest = raw.slice('tcp://'.length).replace(/\/.*$/, '');
    const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(rest);
    if (!m) continue;
    const host = m[1] ?? m[2] ?? '';
    const port = m[3] !== undefined ? Number(m[3]) : cfg.tls || cfg.tlsVerify ? 2376 : 2375;
    out.push({ host: host === '' ? '0.0.0.0' : host, port, raw });
  }
  return out;
}

/** What dockerd's argv and daemon.json (parsed, or null) say about its API. */
export function daemonApiConfig(argv: readonly string[] | null, daemonJson: unknown): DaemonApiConfig {
  return mergeDaemonJson(parseDockerdArgv(argv ?? []), daemonJson);
}

/**
 * The tcp:// hosts on which the Docker API answers without authenticating the client: every one, unless dockerd
 * verifies client certificates (--tlsverify or daemon.json "tlsverify": true). Certificate flags are not needed for
 * that: without --tlscacert/--tlscert/--tlskey dockerd reads its default files (DOCKER_CERT_PATH, else ~/.docker) and
 * does not start without them, so a running dockerd with --tlsverify verifies clients. docker-bench-security's
 * check answers the same; --tls alone encrypts but does not authenticate.
 */
export function unauthenticatedApiHosts(cfg: DaemonApiConfig): string[] {
  return cfg.tlsVerify ? [] : tcpHosts(cfg).map((h) => h.raw);
}

export interface DaemonJson {
  /** The JSON object, or null when the file is missing or unreadable as one. */
  config: Record<string, unknown> | null;
  /** Why a file that is there was not read (not JSON, not an object). */
  configError?: string;
}

/** Reads a daemon.json (`file` as dockerd names it, read at `at`, e.g. under a host root): the one reader. */
export async function readDaemonJson(file: string, at = file): Promise<DaemonJson> {
  let text: string;
  try {
    text = await fs.readFile(at, 'utf8');
  } catch {
    return { config: null };
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { config: parsed as Record<string, unknown> };
    return { config: null, configError: `${file} is not a JSON object` };
  } catch (e) {
    return { config: null, configError: `${file}: ${errorMessage(e)}` };
  }
}
