// JSON files the analyzers read (package.json, installed.json, deps.json, kept build info): parsed once, with
// an object view for field checks, or the warning that says the file is not JSON.
import type { AnalyzerInput } from './analyzer.js';

export type JsonFile = { ok: true; doc: unknown; obj: Record<string, unknown> } | { ok: false; warning: string };

export function readJsonFile(input: Pick<AnalyzerInput, 'path' | 'content'>, what = 'not valid JSON'): JsonFile {
  let doc: unknown;
  try {
    doc = JSON.parse(input.content.toString('utf8'));
  } catch {
    return { ok: false, warning: `${input.path}: ${what}, skipped` };
  }
  return { ok: true, doc, obj: typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {} };
}
