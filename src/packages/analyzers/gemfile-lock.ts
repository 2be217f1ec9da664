// Ruby: Gemfile.lock. The specs of each source (GEM, GIT, PATH) are indented four spaces: `    name (1.2.3)`
// or with a platform `    nokogiri (1.16.0-x86_64-linux)`; their own dependencies follow at six. A
// Gemfile.lock does not say which gems are for development only: all are listed as runtime ones.
import { MiB } from '../analyzer.js';
import { named, textLockfileAnalyzer } from './lockfile.js';

/** "1.16.0-x86_64-linux" → "1.16.0": the platform is not part of the version advisories name. */
export function gemVersion(v: string): string {
  const m = /^(\d[0-9A-Za-z.]*?)(?:-(?:x86|x64|arm|aarch64|universal|java|mswin|mingw|darwin|linux|ruby)[\w.-]*)?$/.exec(v);
  return m ? m[1]! : v;
}

export const gemfileLockAnalyzer = textLockfileAnalyzer(
  { id: 'gemfile-lock', wants: named('Gemfile.lock', 'gems.locked'), limits: { maxFileBytes: 8 * MiB, maxFiles: 1000 } },
  (text, r) => {
    let inSpecs = false;
    let current: { name: string; version: string; deps: string[] } | undefined;
    const flush = (): void => {
      if (current) r.add('gem', current.name, current.version, { dependsOn: current.deps });
      current = undefined;
    };
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\r$/, '');
      if (/^\S/.test(line)) {
        flush();
        inSpecs = false;
        continue;
      }
      if (/^ {2}specs:\s*$/.test(line)) {
        inSpecs = true;
        continue;
      }
      if (!inSpecs) continue;
      const spec = /^ {4}([^\s(]+) \(([^)]+)\)\s*$/.exec(line);
      if (spec) {
        flush();
        current = { name: spec[1]!, version: gemVersion(spec[2]!), deps: [] };
        continue;
      }
      const dep = /^ {6}([^\s(]+)/.exec(line);
      if (dep && current) current.deps.push(dep[1]!);
    }
    flush();
    return undefined;
  },
);
