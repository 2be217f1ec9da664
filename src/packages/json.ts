// JSON files the analyzers read (package.json, installed.json, deps.json, kept build info): parsed once, with
// an object view for field checks, or that it is not JSON (each analyzer says so in its own warning, by id).
import type { AnalyzerInput } from './analyzer.js';

export type JsonFile = { ok: true; doc: unknown; obj: Record<string, unknown> } | { ok: false };

export function readJsonFile(input: Pick<AnalyzerInput, 'content'>): JsonFile {
  let doc: unknown;
  try {
    doc = JSON.parse(input.content.toString('utf8'));
  } catch {
    return { ok: false };
  }
  return { ok: true, doc, obj: typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {} };
}
