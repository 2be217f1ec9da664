// Go: go.mod. Every `require` (direct, and `// indirect` since Go 1.17 lists the whole build list) is a module
// the build uses; a `replace` by another module version is what is built, and one by a local directory is the
// project's own code, not listed (as trivy does). Go has no development-only modules.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { LockfileReader, named } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

interface GoMod {
  requires: { path: string; version: string }[];
  replaces: Map<string, { path: string; version: string }>;
}

/** Strips a // comment and unquotes a path written as a Go string. */
const token = (s: string): string => s.replace(/^"(.*)"$/, '$1');

export function parseGoMod(text: string): GoMod {
  const out: GoMod = { requires: [], replaces: new Map() };
  let block: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (line === '') continue;
    if (block && line === ')') {
      block = undefined;
      continue;
    }
    const open = /^(require|replace|exclude|retract)\s*\($/.exec(line);
    if (open) {
      block = open[1];
      continue;
    }
    const single = /^(require|replace|exclude|retract)\s+(.*)$/.exec(line);
    const [verb, rest] = single ? [single[1], single[2]!] : [block, line];
    if (verb === 'require') {
      const f = rest.split(/\s+/);
      if (f.length >= 2) out.requires.push({ path: token(f[0]!), version: f[1]! });
    } else if (verb === 'replace') {
      const m = /^(\S+)(?:\s+(\S+))?\s*=>\s*(\S+)(?:\s+(\S+))?$/.exec(rest);
      if (m) out.replaces.set(token(m[1]!), { path: token(m[3]!), version: m[4] ?? '' });
    }
  }
  return out;
}

export const goModAnalyzer: Analyzer = {
  id: 'gomod',
  version: 1,
  limits: { maxFileBytes: 8 * MiB, maxFiles: 2000 },
  wants: (p) => named('go.mod')(p) && !p.includes('/vendor/') && !p.startsWith('vendor/'),
  analyze(input): AnalyzerOutput {
    const mod = parseGoMod(input.content.toString('utf8'));
    const r = new LockfileReader(input);
    let local = 0;
    for (const req of mod.requires) {
      const rep = mod.replaces.get(req.path);
      if (rep && /^(\.|\/)/.test(rep.path)) local += 1;
      else r.add('golang', rep?.version ? rep.path : req.path, rep?.version ? rep.version : req.version);
    }
    const out = r.done();
    if (local) out.warnings.push(M.say('analyzers.gomod.localReplace', { path: input.path, count: local }));
    return out;
  },
};
