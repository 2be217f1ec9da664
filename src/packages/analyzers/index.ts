// The package analyzers; the layer walker asks each whether it wants a file, never names them. `analyzers` read
// images and root filesystems (what is installed); `projectAnalyzers` read a project checkout (its lockfiles and
// manifests), as trivy's `fs` mode does.
import { Registry } from '../../core/registry.js';
import type { Analyzer } from '../analyzer.js';
import { apkAnalyzer } from './apk.js';
import { cargoAuditableAnalyzer } from './cargo-auditable.js';
import { cargoLockAnalyzer } from './cargo-lock.js';
import { composerLockAnalyzer } from './composer-lock.js';
import { composerAnalyzer } from './composer.js';
import { condaAnalyzer } from './conda.js';
import { dotnetAnalyzer } from './dotnet.js';
import { dpkgAnalyzer } from './dpkg.js';
import { gemfileLockAnalyzer } from './gemfile-lock.js';
import { gemspecAnalyzer } from './gemspec.js';
import { goBinaryAnalyzer } from './gobinary.js';
import { goModAnalyzer } from './gomod.js';
import { javaAnalyzer } from './java.js';
import { npmLockAnalyzer } from './npm-lock.js';
import { npmAnalyzer } from './npm.js';
import { nugetConfigAnalyzer } from './nuget-config.js';
import { nugetLockAnalyzer } from './nuget-lock.js';
import { pipfileLockAnalyzer } from './pipfile-lock.js';
import { pnpmLockAnalyzer } from './pnpm-lock.js';
import { poetryLockAnalyzer } from './poetry-lock.js';
import { pomAnalyzer } from './pom.js';
import { pythonAnalyzer } from './python.js';
import { requirementsAnalyzer } from './requirements.js';
import { rpmAnalyzer } from './rpm.js';
import { yarnLockAnalyzer } from './yarn-lock.js';

export const analyzers = new Registry<Analyzer>('analyzer').register(
  dpkgAnalyzer,
  apkAnalyzer,
  rpmAnalyzer,
  npmAnalyzer,
  pythonAnalyzer,
  goBinaryAnalyzer,
  cargoAuditableAnalyzer,
  javaAnalyzer,
  gemspecAnalyzer,
  composerAnalyzer,
  dotnetAnalyzer,
  condaAnalyzer,
  cargoLockAnalyzer,
  nugetConfigAnalyzer,
  nugetLockAnalyzer,
);

export const projectAnalyzers = new Registry<Analyzer>('project analyzer').register(
  npmLockAnalyzer,
  yarnLockAnalyzer,
  pnpmLockAnalyzer,
  poetryLockAnalyzer,
  pipfileLockAnalyzer,
  requirementsAnalyzer,
  goModAnalyzer,
  cargoLockAnalyzer,
  gemfileLockAnalyzer,
  composerLockAnalyzer,
  nugetLockAnalyzer,
  nugetConfigAnalyzer,
  pomAnalyzer,
);

/** Every analyzer, once: what a kept file's parts may name (the worker thread looks them up here). */
export function everyAnalyzer(): Analyzer[] {
  const out = new Map<string, Analyzer>();
  for (const a of [...analyzers.all(), ...projectAnalyzers.all()]) if (!out.has(a.id)) out.set(a.id, a);
  return [...out.values()];
}
