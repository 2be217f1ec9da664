// Escaping by construction: every page is built with the `html` tag, which escapes each interpolated value unless
// it is already markup made by the tag. There is no other way to put text into a page.
import { escapeHtml } from '../report/html.js';

const MARK = Symbol('safe-html');

export interface SafeHtml {
  readonly [MARK]: true;
  readonly text: string;
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function isSafe(v: unknown): v is SafeHtml {
  return typeof v === 'object' && v !== null && MARK in v;
}

function safe(text: string): SafeHtml {
  return { [MARK]: true, text };
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (typeof v === 'string') return escapeHtml(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isSafe(v)) return v.text;
  return v.map(render).join('');
}

/** Markup with every `${value}` escaped (arrays are joined; null, undefined and false render nothing). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return safe(out);
}

/** The final page text. */
export function toText(v: SafeHtml): string {
  return v.text;
}

/** A link target made of path segments, each percent-encoded, plus query parameters (empty ones dropped). */
export function href(segments: readonly string[], query: Record<string, string | number | undefined> = {}): string {
  const p = `/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${p}?${qs}` : p;
}
