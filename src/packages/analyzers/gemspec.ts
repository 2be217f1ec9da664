// Ruby gems: the installed gem specifications (`specifications/*.gemspec`). A gemspec is Ruby code; it is read as
// text, never evaluated: only `s.name = "…"` / `s.version = "…"` string literals count, with the
// `# stub: NAME VERSION` comment RubyGems writes as a second source.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { langPurl } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

const WANTED = /(^|\/)specifications\/(default\/)?[^/]+\.gemspec$/;
/** A Ruby string literal, optionally frozen, optionally followed by a comment: "x", 'x', "x".freeze, %q{x} # … */
const LITERAL = /^(?:"([^"\\#]*)"|'([^'\\]*)'|%q\{([^}]*)\})(?:\.freeze)?\s*(?:#.*)?$/;

export function gemLiteral(expr: string): string | undefined {
  const m = LITERAL.exec(expr.trim());
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

export const gemspecAnalyzer: Analyzer = {
  id: 'gemspec',
  version: 2,
  limits: { maxFileBytes: MiB, maxFiles: 20_000 },
  wants: (p) => WANTED.test(p),
  analyze(input): AnalyzerOutput {
    const fields: Record<string, string> = {};
    let dynamic = false;
    const text = input.content.toString('utf8');
    const stub = /^# stub: (\S+) (\S+)/m.exec(text);
    for (const line of text.split('\n')) {
      // Comment lines are skipped; `s.version` and `spec.version` alike (whatever the block variable is called).
      if (/^\s*#/.test(line)) continue;
      const m = /^\s*\w+\.(name|version|license|licenses)\s*=\s*(.+?)\s*$/.exec(line.replace(/\r$/, ''));
      if (!m || fields[m[1]!] !== undefined) continue;
      if (m[1] === 'licenses') {
        const l = /^\[\s*(.+?)\s*\](?:\.freeze)?\s*(?:#.*)?$/.exec(m[2]!);
        const first = l ? gemLiteral(l[1]!.split(',')[0]!) : undefined;
        if (first) fields.license = fields.license ?? first;
        continue;
      }
      const v = gemLiteral(m[2]!);
      if (v === undefined) dynamic ||= m[1] === 'name' || m[1] === 'version';
      else fields[m[1]!] = v;
    }
    const name = fields.name ?? stub?.[1];
    const version = fields.version ?? stub?.[2];
    if (!name || !version || !/^[\w.-]+$/.test(name) || !/^[\w.-]+$/.test(version)) {
      return {
        packages: [],
        warnings: [M.say(dynamic ? 'analyzers.gemspec.rubyCode' : 'analyzers.gemspec.noNameOrVersion', { path: input.path })],
      };
    }
    return {
      packages: [
        {
          type: 'gem',
          name,
          version,
          ...(fields.license ? { license: fields.license } : {}),
          path: input.path,
          layer: input.layer,
          purl: langPurl('gem', name, version),
        },
      ],
      warnings: [],
    };
  },
};
