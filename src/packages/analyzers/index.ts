// The package analyzers; the layer walker asks each whether it wants a file, never names them.
import { Registry } from '../../core/registry.js';
import type { Analyzer } from '../analyzer.js';
import { apkAnalyzer } from './apk.js';
import { dpkgAnalyzer } from './dpkg.js';
import { npmAnalyzer } from './npm.js';
import { pythonAnalyzer } from './python.js';
import { rpmAnalyzer } from './rpm.js';

export const analyzers = new Registry<Analyzer>('analyzer').register(dpkgAnalyzer, apkAnalyzer, rpmAnalyzer, npmAnalyzer, pythonAnalyzer);
