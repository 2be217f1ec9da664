// Rust binaries built with cargo-auditable: the `.dep-v0` ELF section holds the dependency tree as
// zlib-compressed JSON ({"packages": [{name, version, source, kind, dependencies, root}]}). Runtime crates are
// listed; build-time ones (build scripts, proc macros) are not in the binary.
import { inflateSync } from 'node:zlib';
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { isElf, parseElf, sectionData, wantsExecutable } from '../elf.js';
import { readJsonFile } from '../json.js';
import type { Package } from '../types.js';
import { langPurl } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

/** Largest decompressed dependency list: a zlib bomb in the section stops here. */
const MAX_JSON = 8 * MiB;

export function readDepV0(buf: Buffer): Buffer | undefined {
  if (!isElf(buf)) return undefined;
  const elf = parseElf(buf);
  const data = elf ? sectionData(buf, elf, '.dep-v0') : undefined;
  if (!data) return undefined;
  try {
    return inflateSync(data, { maxOutputLength: MAX_JSON });
  } catch (e) {
    return Buffer.from(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
  }
}

export const cargoAuditableAnalyzer: Analyzer = {
  id: 'cargo-auditable',
  version: 1,
  limits: { maxFileBytes: MAX_JSON, maxFiles: 5000 },
  wants: wantsExecutable,
  reduce: (_path, content) => readDepV0(content),
  analyze(input): AnalyzerOutput {
    const path = input.path;
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [M.say('analyzers.cargoAuditable.notJson', { path })] };
    const d = json.obj;
    // zlib's own words, kept with the section as text.
    if (typeof d.error === 'string') return { packages: [], warnings: [M.say('analyzers.cargoAuditable.inflate', { path, error: d.error })] };
    if (!Array.isArray(d.packages)) return { packages: [], warnings: [M.say('analyzers.cargoAuditable.noPackages', { path })] };
    const packages: Package[] = [];
    let bad = 0;
    for (const raw of d.packages as unknown[]) {
      const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      if (typeof p.name !== 'string' || typeof p.version !== 'string') {
        bad += 1;
        continue;
      }
      if (p.kind === 'build') continue;
      packages.push({ type: 'cargo', name: p.name, version: p.version, path: input.path, layer: input.layer, purl: langPurl('cargo', p.name, p.version) });
    }
    return {
      packages,
      warnings: bad ? [M.say(bad === 1 ? 'analyzers.cargoAuditable.unnamed.one' : 'analyzers.cargoAuditable.unnamed.many', { path, count: bad })] : [],
    };
  },
};
