// yarn: yarn.lock, classic (v1: `"a@^1", a@~1.2:` then `  version "1.2.3"`) and berry (v2+: YAML with
// `version: 1.2.3` and `resolution: "a@npm:1.2.3"`; workspace and patch entries are the project's own). A
// yarn.lock does not say which packages only development needs: all are listed as runtime ones.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { LockfileReader, isObject, named, parseDocument, str } from './lockfile.js';

/** `"@s/a@^1.0.0"` → `@s/a`; `a@npm:^1` → `a`. */
export function yarnName(spec: string): string {
  const s = spec.trim().replace(/^"|"$/g, '');
  const at = s.indexOf('@', s.startsWith('@') ? 1 : 0);
  return at < 0 ? s : s.slice(0, at);
}

function classic(text: string, r: LockfileReader): void {
  let names: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      names = line
        .replace(/:$/, '')
        .split(',')
        .map((x) => yarnName(x))
        .filter(Boolean);
      continue;
    }
    const m = /^\s{2}version:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (m && names.length) {
      r.add('npm', names[0]!, m[1]!);
      names = [];
    }
  }
}

export const yarnLockAnalyzer: Analyzer = {
  id: 'yarn-lock',
  version: 1,
  limits: { maxFileBytes: 64 * MiB, maxFiles: 2000 },
  wants: (p) => named('yarn.lock')(p) && !p.includes('node_modules/'),
  analyze(input): AnalyzerOutput {
    const text = input.content.toString('utf8');
    const r = new LockfileReader(input);
    if (!/^__metadata:/m.test(text)) {
      classic(text, r);
      return r.done();
    }
    const parsed = parseDocument(input, 'YAML');
    if (!parsed.ok) return parsed.out;
    const doc = parsed.doc;
    if (!isObject(doc)) return { packages: [], warnings: [`${input.path}: not a yarn lockfile: skipped`] };
    for (const [key, raw] of Object.entries(doc)) {
      if (key === '__metadata' || !isObject(raw)) continue;
      const resolution = str(raw.resolution);
      // The project's own workspaces, links and portals are not registry packages.
      if (/@(workspace|link|portal|file):/.test(resolution)) continue;
      r.add('npm', yarnName(resolution || key.split(',')[0]!), str(raw.version));
    }
    return r.done();
  },
};
