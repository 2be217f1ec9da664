// What a package analyzer is: a cheap "do I want this file?" (path and mode), its caps, and a parser of the files
// it wanted.
import type { InventoryWarning, OsInfo, Package } from './types.js';

export interface AnalyzerInput {
  /** Path inside the image, normalised, no leading slash. */
  path: string;
  /** The file's bytes, or what `reduce` kept of them. */
  content: Buffer;
  layer: string;
  os?: OsInfo;
}

export interface AnalyzerOutput {
  packages: Package[];
  warnings: InventoryWarning[];
}

/** What one analyzer may read: larger files and files past the count are skipped with a warning. */
export interface AnalyzerLimits {
  /** Largest file handed to `analyze` (after `reduce`). */
  maxFileBytes: number;
  /** Most files of one image handed to `analyze`. */
  maxFiles: number;
}

export interface Analyzer {
  id: string;
  /** Bump when the output for the same file changes: cached layer records depend on it. */
  version: number;
  /** Called for every entry while a layer streams by: path inside the image, permission bits from the tar header. */
  wants(path: string, mode: number): boolean;
  limits: AnalyzerLimits;
  /**
   * Keeps only what `analyze` needs from a large file as soon as the walker has read it (an executable → its
   * embedded build info), so the inventory never holds whole binaries. Undefined: nothing of interest here.
   */
  reduce?(path: string, content: Buffer): Buffer | undefined;
  /**
   * Whether `reduce` reads this file's content (default: yes, when there is a `reduce`). Such reducers run in the
   * analyzer worker under its time budget; one that keeps the file whole runs in place.
   */
  reduces?(path: string): boolean;
  /** Two files that describe one installation of a package (Python `.dist-info` and `.egg-info`) give one key. */
  dedupeKey?: (pkg: Package) => string | undefined;
  analyze(input: AnalyzerInput): AnalyzerOutput;
}

export const MiB = 1024 * 1024;
