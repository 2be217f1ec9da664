// yarn: yarn.lock, classic (v1: `"a@^1", a@~1.2:` then `  version "1.2.3"`) and berry (v2+: YAML with
// `version: 1.2.3` and `resolution: "a@npm:1.2.3"`; workspace and patch entries are the project's own). A
// yarn.lock does not say which packages only development needs: all are listed as runtime ones.
import { MiB } from '../analyzer.js';
import { isObject, namedOutside, parseText, str, textLockfileAnalyzer, type LockfileReader } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

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

export const yarnLockAnalyzer = textLockfileAnalyzer(
  { id: 'yarn-lock', wants: namedOutside('node_modules/', 'yarn.lock'), limits: { maxFileBytes: 64 * MiB, maxFiles: 2000 } },
  (text, r) => {
    if (!/^__metadata:/m.test(text)) {
      classic(text, r);
      return undefined;
    }
    const parsed = parseText(text, 'YAML');
    if (!parsed.ok) return parsed.why;
    if (!isObject(parsed.doc)) return M.say('analyzers.lockfile.notYarn');
    for (const [key, raw] of Object.entries(parsed.doc)) {
      if (key === '__metadata' || !isObject(raw)) continue;
      const resolution = str(raw.resolution);
      // The project's own workspaces, links and portals are not registry packages.
      if (/@(workspace|link|portal|file):/.test(resolution)) continue;
      r.add('npm', yarnName(resolution || key.split(',')[0]!), str(raw.version));
    }
    return undefined;
  },
);
