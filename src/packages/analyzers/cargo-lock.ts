// Rust: Cargo.lock ([[package]] tables: name, version, source, dependencies). Crates without a source are the
// workspace's own; they are listed too, as cargo writes them, and trivy lists them.
import { parse as parseToml } from 'smol-toml';
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { LockfileReader, isObject, named, str } from './lockfile.js';
import { errorMessage } from '../../core/errors.js';

export const cargoLockAnalyzer: Analyzer = {
  id: 'cargo-lock',
  version: 1,
  limits: { maxFileBytes: 16 * MiB, maxFiles: 1000 },
  wants: named('Cargo.lock'),
  analyze(input): AnalyzerOutput {
    let doc: Record<string, unknown>;
    try {
      doc = parseToml(input.content.toString('utf8'));
    } catch (e) {
      return { packages: [], warnings: [`${input.path}: not valid TOML (${errorMessage(e).split('\n')[0]}): skipped`] };
    }
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
