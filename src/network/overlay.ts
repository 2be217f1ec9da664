// Overlay networks as plain data: parsed once from the engine's network JSON, then evaluated by pure checks.
import type { EngineConnection } from '../engine/connection.js';
import { EngineError, messageOf } from '../core/errors.js';
import { ENCRYPTED_OPTION, isEncryptedOverlay } from '../security/overlay.js';
import { networkMessages as M } from './messages.js';
import { english, joinMessages, rawMessage, type Message } from '../core/message.js';
import { listNetworks, listServices } from '../engine/api.js';

/** Where an "encrypted" option was found; only `options` (the driver options) turns encryption on. */
export type EncryptionLocation = 'options' | 'ipam-options' | 'labels';

export interface OverlayNetwork {
  id: string;
  name: string;
  scope: string;
  attachable: boolean;
  internal: boolean;
  ingress: boolean;
  /** True when the driver option `encrypted` is present: the overlay driver only tests for the key. */
  encrypted: boolean;
  /** Every place an encryption-looking key was seen, with the key as written. */
  encryptionKeys: { location: EncryptionLocation; key: string; value: string }[];
  /** Stack namespace label, when the network was created by `docker stack deploy`. */
  stack?: string;
  /** Names of the services attached, when known (filled in by the collector). */
  services?: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

export { ENCRYPTED_OPTION };
const LOOKS_LIKE_ENCRYPTION = /encrypt/i;

/** Parses one entry of GET /networks (or /networks/{id}); returns undefined for non-overlay drivers. */
export function parseOverlayNetwork(raw: unknown): OverlayNetwork | undefined {
  if (!isRecord(raw) || raw.Driver !== 'overlay') return undefined;
  const name = typeof raw.Name === 'string' ? raw.Name : '';
  const id = typeof raw.Id === 'string' ? raw.Id : typeof raw.ID === 'string' ? raw.ID : '';
  if (name === '' || id === '') return undefined;
  const options = stringMap(raw.Options);
  const ipamOptions = stringMap(isRecord(raw.IPAM) ? raw.IPAM.Options : undefined);
  const labels = stringMap(raw.Labels);
  const keys: OverlayNetwork['encryptionKeys'] = [];
  for (const [k, v] of Object.entries(options)) if (LOOKS_LIKE_ENCRYPTION.test(k)) keys.push({ location: 'options', key: k, value: v });
  for (const [k, v] of Object.entries(ipamOptions)) if (LOOKS_LIKE_ENCRYPTION.test(k)) keys.push({ location: 'ipam-options', key: k, value: v });
  for (const [k, v] of Object.entries(labels)) if (LOOKS_LIKE_ENCRYPTION.test(k)) keys.push({ location: 'labels', key: k, value: v });
  const stack = labels['com.docker.stack.namespace'];
  return {
    id,
    name,
    scope: typeof raw.Scope === 'string' ? raw.Scope : '',
    attachable: raw.Attachable === true,
    internal: raw.Internal === true,
    ingress: raw.Ingress === true || (name === 'ingress' && raw.Ingress === undefined),
    encrypted: isEncryptedOverlay(options),
    encryptionKeys: keys,
    ...(stack !== undefined ? { stack } : {}),
  };
}

/** Where the option lives, for the table: "Options.encrypted", "IPAM.Options.encrypted (no effect)"; by message id. */
export function encryptionLocation(n: OverlayNetwork): Message {
  if (n.encryptionKeys.length === 0) return rawMessage('-');
  return joinMessages(
    n.encryptionKeys.map((k) => {
      const where = k.location === 'options' ? 'Options' : k.location === 'ipam-options' ? 'IPAM.Options' : 'Labels';
      const effective = k.location === 'options' && k.key === ENCRYPTED_OPTION;
      return effective ? rawMessage(`${where}.${k.key}`) : M.say('network.option.noEffect', { option: `${where}.${k.key}` });
    }),
    ', ',
  );
}

/** Where the option lives, in English (the JSON report). */
export const describeEncryptionLocation = (n: OverlayNetwork): string => english(encryptionLocation(n));

/** Reads every overlay network once. Service attachment is filled in from the service list (one call). */
export async function collectOverlayNetworks(conn: EngineConnection): Promise<OverlayNetwork[]> {
  let list: unknown;
  try {
    list = await listNetworks(conn.docker, { driver: ['overlay'] });
  } catch (e) {
    throw new EngineError(M.say('network.list.failed', { error: messageOf(e) }), { cause: e });
  }
  const networks = (Array.isArray(list) ? list : []).map(parseOverlayNetwork).filter((n): n is OverlayNetwork => n !== undefined);
  let services: unknown = [];
  try {
    services = await listServices(conn.docker);
  } catch {
    // Not a manager: networks are still checked, only the attachment column stays empty.
  }
  const byNetwork = new Map<string, string[]>();
  for (const s of Array.isArray(services) ? services : []) {
    if (!isRecord(s) || !isRecord(s.Spec)) continue;
    const sname = typeof s.Spec.Name === 'string' ? s.Spec.Name : '';
    const task = isRecord(s.Spec.TaskTemplate) ? s.Spec.TaskTemplate : {};
    const attached = Array.isArray(task.Networks) ? task.Networks : Array.isArray(s.Spec.Networks) ? s.Spec.Networks : [];
    for (const a of attached) {
      if (!isRecord(a) || typeof a.Target !== 'string') continue;
      const l = byNetwork.get(a.Target) ?? [];
      l.push(sname);
      byNetwork.set(a.Target, l);
    }
    const ep = isRecord(s.Endpoint) ? s.Endpoint : {};
    for (const vip of Array.isArray(ep.VirtualIPs) ? ep.VirtualIPs : []) {
      if (!isRecord(vip) || typeof vip.NetworkID !== 'string') continue;
      const l = byNetwork.get(vip.NetworkID) ?? [];
      if (!l.includes(sname)) l.push(sname);
      byNetwork.set(vip.NetworkID, l);
    }
  }
  for (const n of networks) {
    const s = [...new Set([...(byNetwork.get(n.id) ?? []), ...(byNetwork.get(n.name) ?? [])])].sort();
    if (s.length > 0) n.services = s;
  }
  return networks.sort((a, b) => a.name.localeCompare(b.name));
}
