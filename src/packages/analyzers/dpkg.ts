// dpkg: var/lib/dpkg/status and the per-package files of distroless images (var/lib/dpkg/status.d/*).
import { MiB, type Analyzer, type AnalyzerInput, type AnalyzerOutput } from '../analyzer.js';
import type { InventoryWarning, OsInfo, Package } from '../types.js';
import { analyzerMessages as M } from './messages.js';
import { purlDistro } from './os-release.js';

export interface DpkgStanza {
  fields: Map<string, string>;
  line: number;
}

/** RFC 822-style stanzas separated by blank lines; continuation lines start with a space or tab. */
export function parseDebControl(text: string): DpkgStanza[] {
  const out: DpkgStanza[] = [];
  let cur: DpkgStanza | undefined;
  let last: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') {
      cur = undefined;
      last = undefined;
      continue;
    }
    if (/^[ \t]/.test(line)) {
      if (cur && last) cur.fields.set(last, `${cur.fields.get(last) ?? ''}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (!cur) {
      cur = { fields: new Map(), line: i + 1 };
      out.push(cur);
    }
    last = line.slice(0, colon).trim().toLowerCase();
    cur.fields.set(last, line.slice(colon + 1).trim());
  }
  return out;
}

export function debPurl(name: string, version: string, arch: string | undefined, os: OsInfo | undefined): string {
  const ns = os?.family === 'ubuntu' ? 'ubuntu' : 'debian';
  const distro = purlDistro(os);
  const q = [arch ? `arch=${encodeURIComponent(arch)}` : '', distro ? `distro=${encodeURIComponent(distro)}` : ''].filter(Boolean).join('&');
  return `pkg:deb/${ns}/${encodeURIComponent(name)}@${encodeURIComponent(version)}?${q}`;
}

export const dpkgAnalyzer: Analyzer = {
  id: 'dpkg',
  version: 2,
  limits: { maxFileBytes: 64 * MiB, maxFiles: 10_000 },
  wants: (p) => p === 'var/lib/dpkg/status' || (p.startsWith('var/lib/dpkg/status.d/') && !p.endsWith('.md5sums')),
  analyze(input: AnalyzerInput): AnalyzerOutput {
    const packages: Package[] = [];
    const warnings: InventoryWarning[] = [];
    let noVersion = 0;
    let notInstalled = 0;
    for (const st of parseDebControl(input.content.toString('utf8'))) {
      const name = st.fields.get('package');
      const version = st.fields.get('version');
      const status = st.fields.get('status');
      // dpkg itself counts neither: a stanza without Package or Version, nor one whose state is not "installed"
      // (config-files, half-installed, not-installed…). status.d files have no Status field.
      if (!name || !version) {
        noVersion += 1;
        continue;
      }
      if (status !== undefined && status.split(/\s+/).slice(-1)[0] !== 'installed') {
        notInstalled += 1;
        continue;
      }
      const arch = st.fields.get('architecture');
      const source = st.fields.get('source');
      const m = source ? /^(\S+)(?:\s+\(([^)]+)\))?/.exec(source) : null;
      packages.push({
        type: 'deb',
        name,
        version,
        ...(m ? { sourceName: m[1]! } : {}),
        ...(m?.[2] ? { sourceVersion: m[2] } : {}),
        ...(arch ? { arch } : {}),
        path: input.path,
        layer: input.layer,
        purl: debPurl(name, version, arch, input.os),
      });
    }
    const path = input.path;
    if (noVersion) warnings.push(M.say(noVersion === 1 ? 'analyzers.dpkg.noVersion.one' : 'analyzers.dpkg.noVersion.many', { path, count: noVersion }));
    if (notInstalled)
      warnings.push(M.say(notInstalled === 1 ? 'analyzers.dpkg.notInstalled.one' : 'analyzers.dpkg.notInstalled.many', { path, count: notInstalled }));
    return { packages, warnings };
  },
};
