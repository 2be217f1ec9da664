// Rust: Cargo.lock ([[package]] tables: name, version, source, dependencies). Crates without a source are the
// workspace's own; they are listed too, as cargo writes them, and trivy lists them.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { LockfileReader, isObject, named, parseDocument, str } from './lockfile.js';

export const cargoLockAnalyzer: Analyzer = {
  id: 'cargo-lock',
  version: 1,
  limits: { maxFileBytes: 16 * MiB, maxFiles: 1000 },
  wants: named('Cargo.lock'),
  analyze(input): AnalyzerOutput {
    const parsed = parseDocument(input, 'TOML');
    if (!parsed.ok) return parsed.out;
    const doc = isObject(parsed.doc) ? parsed.doc : {};
    const r = new LockfileReader(input);
    const list = Array.isArray(doc.package) ? (doc.package as unknown[]) : [];
    for (const p of list) {
      if (!isObject(p)) {
        r.skip();
        continue;
      }
      const deps = Array.isArray(p.dependencies) ? p.dependencies.map((d) => str(d).split(' ')[0]!).filter(Boolean) : [];
      r.add('cargo', str(p.name), str(p.version), { dependsOn: deps });
    }
    return r.done();
  },
};
