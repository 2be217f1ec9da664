// The package analyzers; the layer walker asks each whether it wants a file, never names them.
import { Registry } from '../../core/registry.js';
import type { Analyzer } from '../analyzer.js';
import { apkAnalyzer } from './apk.js';
import { cargoAuditableAnalyzer } from './cargo-auditable.js';
import { composerAnalyzer } from './composer.js';
import { dotnetAnalyzer } from './dotnet.js';
import { dpkgAnalyzer } from './dpkg.js';
import { gemspecAnalyzer } from './gemspec.js';
import { goBinaryAnalyzer } from './gobinary.js';
import { javaAnalyzer } from './java.js';
import { npmAnalyzer } from './npm.js';
import { pythonAnalyzer } from './python.js';
import { rpmAnalyzer } from './rpm.js';

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
);
