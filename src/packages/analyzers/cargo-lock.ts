// Rust: Cargo.lock ([[package]] tables: name, version, source, dependencies). Crates without a source are the
// workspace's own; they are listed too, as cargo writes them, and trivy lists them.
import { MiB } from '../analyzer.js';
import { arrayOf, lockfileAnalyzer, named, str } from './lockfile.js';

export const cargoLockAnalyzer = lockfileAnalyzer(
  { id: 'cargo-lock', format: 'TOML', wants: named('Cargo.lock'), limits: { maxFileBytes: 16 * MiB, maxFiles: 1000 } },
  (doc, r) => {
    for (const p of r.objects(arrayOf(doc.package))) {
      const deps = arrayOf(p.dependencies)
        .map((d) => str(d).split(' ')[0]!)
        .filter(Boolean);
      r.add('cargo', str(p.name), str(p.version), { dependsOn: deps });
    }
    return undefined;
  },
);
