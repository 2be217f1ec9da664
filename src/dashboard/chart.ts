// Line charts as server-made SVG: readable without JavaScript, nothing for the CSP to allow, colours from the
// stylesheet (classes, no inline style). Each chart has a title and a table of the same numbers beside it.
import { html, type SafeHtml } from './html.js';

export interface Series {
  name: string;
  /** CSS class that colours the line (e.g. the severity). */
  className: string;
  values: readonly number[];
}

export interface ChartInput {
  id: string;
  title: string;
  /** One label per point (dates), oldest first. */
  labels: readonly string[];
  series: readonly Series[];
  /** Fixed top of the y axis (e.g. 100 for a score); otherwise the largest value, rounded up. */
  yMax?: number;
}

const W = 640;
const H = 220;
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };

/** A "nice" axis top for counts: 1, 2, 5 × 10^n at or above `v`, at least 1. */
export function niceMax(v: number): number {
  if (!(v > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function lineChart(c: ChartInput): SafeHtml {
  const n = c.labels.length;
  const top = c.yMax ?? niceMax(Math.max(0, ...c.series.flatMap((s) => s.values)));
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n <= 1 ? iw / 2 : (i * iw) / (n - 1));
  const y = (v: number) => PAD.top + ih - (Math.min(v, top) / top) * ih;
  const r = (v: number) => Math.round(v * 10) / 10;
  const ticks = Number.isInteger(top / 2) ? [0, top / 2, top] : [0, top];
  const every = Math.max(1, Math.ceil(n / 6));
  const titleId = `${c.id}-title`;
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${titleId}" preserveAspectRatio="xMidYMid meet">
      <title id="${titleId}">${c.title}</title>
      ${ticks.map((t) => html`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${r(y(t))}" y2="${r(y(t))}" /><text class="axis" x="${PAD.left - 6}" y="${r(y(t)) + 4}" text-anchor="end">${Math.round(t)}</text>`)}
      ${c.labels.map((l, i) => (i % every === 0 || i === n - 1 ? html`<text class="axis" x="${r(x(i))}" y="${H - 8}" text-anchor="${n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle'}">${l}</text>` : ''))}
      ${c.series.map(
        (s) =>
          html`<g class="series ${s.className}"
            ><polyline
              fill="none"
              points="${s.values.map((v, i) => `${r(x(i))},${r(y(v))}`).join(' ')}"
            />${s.values.map((v, i) => html`<circle cx="${r(x(i))}" cy="${r(y(v))}" r="3"><title>${s.name} ${c.labels[i] ?? ''}: ${v}</title></circle>`)}</g
          >`,
      )}
    </svg>
    <figcaption>${c.series.length > 1 ? c.series.map((s) => html`<span class="key ${s.className}">${s.name}</span> `) : c.title}</figcaption>
    <details>
      <summary>The numbers</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            ${c.series.map((s) => html`<th scope="col">${s.name}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${c.labels.map(
            (l, i) =>
              html`<tr>
                <th scope="row">${l}</th>
                ${c.series.map((s) => html`<td>${s.values[i] ?? ''}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </details>
  </figure>`;
}
