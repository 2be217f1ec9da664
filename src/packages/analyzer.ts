// What a package analyzer is: a cheap "do I want this file?" and a parser of the files it wanted.
import type { OsInfo, Package } from './types.js';

export interface AnalyzerInput {
  /** Path inside the image, normalised, no leading slash. */
  path: string;
  content: Buffer;
  layer: string;
  os?: OsInfo;
}

export interface AnalyzerOutput {
  packages: Package[];
  warnings: string[];
}

export interface Analyzer {
  id: string;
  version: number;
  wants(path: string): boolean;
  analyze(input: AnalyzerInput): AnalyzerOutput;
}
