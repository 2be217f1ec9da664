import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineChart, niceMax } from '../../../src/dashboard/chart.js';
import { href, html, toText } from '../../../src/dashboard/html.js';

describe('html tag', () => {
  it('escapes every interpolated value and keeps markup made by the tag', () => {
    const evil = `<img src=x onerror="alert(1)">'&`;
    expect(toText(html`<p title="${evil}">${evil}${html`<b>${evil}</b>`}</p>`)).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;<b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;</b></p>',
    );
  });

  it('joins arrays and drops null, undefined and false', () => {
    expect(toText(html`${['a', html`<i>b</i>`, 1]}${null}${undefined}${false}${0}`)).toBe('a<i>b</i>10');
  });

  it('never lets a string through unescaped (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = toText(html`<td>${s}</td>`).slice(4, -5);
        expect(out).not.toMatch(/[<>"']/);
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      }),
    );
  });

  it('builds links from encoded segments and non-empty query values', () => {
    expect(href(['images', 'sha256:ab/../x'], { severity: 'HIGH', package: '', page: 2 })).toBe('/images/sha256%3Aab%2F..%2Fx?severity=HIGH&page=2');
    expect(href(['services', '<s>'])).toBe('/services/%3Cs%3E');
  });
});

describe('lineChart', () => {
  it('draws one point per label and series, with a title and the numbers in a table', () => {
    const out = toText(
      lineChart({
        id: 'c',
        title: 'Score <over> time',
        labels: ['d1', 'd2', 'd3'],
        series: [{ name: 'score', className: 'score', values: [10, 50, 90] }],
        yMax: 100,
      }),
    );
    expect(out.match(/<circle /g)).toHaveLength(3);
    expect(out).toContain('<title id="c-title">Score &lt;over&gt; time</title>');
    expect(out).toContain('<td>90</td>');
    expect(out).not.toMatch(/style=/);
  });

  it('copes with one point, no points and zeros', () => {
    expect(toText(lineChart({ id: 'a', title: 't', labels: ['x'], series: [{ name: 's', className: 'HIGH', values: [0] }] }))).toContain('<circle');
    expect(toText(lineChart({ id: 'b', title: 't', labels: [], series: [] }))).toContain('<svg');
  });

  it('rounds the axis to 1, 2 or 5 times a power of ten', () => {
    expect([0, 0.3, 1, 3, 7, 11, 99, 101, 4000].map(niceMax)).toEqual([1, 1, 1, 5, 10, 20, 100, 200, 5000]);
  });
});
