// Parsers for the kernel facts IPsec, u32 and IPVS support depend on: /proc/modules, /proc/crypto, kernel config.
import type { Message } from '../../core/message.js';
import type { ParseResult } from '../firewall.js';
import { networkMessages as M } from '../messages.js';
import { parseEach } from './each.js';

export interface LoadedModule {
  name: string;
  size: number;
  refcount: number;
  state: string;
}

/** /proc/modules: "esp4 24576 2 - Live 0xffffffffc0a1b000" per line. */
export function parseProcModules(text: string): ParseResult<LoadedModule[]> {
  return parseEach(text.split('\n'), (line, i, warn) => {
    if (line.trim() === '') return undefined;
    const [name, size, ref, , state] = line.trim().split(/\s+/);
    if (!name || !/^[A-Za-z0-9_-]+$/.test(name) || !size || !/^\d+$/.test(size) || !ref || !/^-?\d+$/.test(ref))
      return warn(M.say('network.parse.modules.notModule', { line: i + 1 }));
    return { name: name.replace(/-/g, '_'), size: Number(size), refcount: Number(ref), state: state ?? '' };
  });
}

export interface CryptoAlgorithm {
  name: string;
  driver: string;
  module: string;
  type: string;
}

/** /proc/crypto: blank-line separated blocks of "key : value". */
export function parseProcCrypto(text: string): ParseResult<CryptoAlgorithm[]> {
  return parseEach(text.split(/\n\s*\n/), (block, _i, warn) => {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const m = /^([a-z][a-z ]*?)\s*:\s?(.*)$/.exec(line.trim());
      if (m) fields[m[1]!] = m[2]!.trim();
    }
    if (Object.keys(fields).length === 0) return undefined;
    if (!fields.name) return warn(M.say('network.parse.crypto.noName'));
    return { name: fields.name, driver: fields.driver ?? '', module: fields.module ?? '', type: fields.type ?? '' };
  });
}

/** y (built in), m (a module), n (not set), or the text of a numeric or string option. */
export type ConfigValue = string;

/** A kernel .config (from /proc/config.gz or /boot/config-RELEASE): "CONFIG_X=y" and "# CONFIG_X is not set". */
export function parseKernelConfig(text: string): ParseResult<Record<string, ConfigValue>> {
  const value: Record<string, ConfigValue> = {};
  const warnings: Message[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (m) {
      value[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
      continue;
    }
    m = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/.exec(line);
    if (m) value[m[1]!] = 'n';
  }
  if (Object.keys(value).length === 0 && text.trim() !== '') warnings.push(M.say('network.parse.config.notConfig'));
  return { value, warnings };
}
