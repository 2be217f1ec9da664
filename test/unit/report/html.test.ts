import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { nistRef } from '../../../src/core/nist-800-190.js';
import { areasOf, escapeHtml, inertJson, renderHtml } from '../../../src/report/html.js';

const evil: Finding = {
  id: 'x"><img src=x onerror=alert(1)>',
  title: 't',
  severity: 'HIGH',
  category: 'compose',
  target: { kind: 'file', path: '</script><script>alert(2)</script>.yml', line: 1 },
  message: '<script>alert(1)</script>',
  references: [nistRef('4.3.3')],
};

describe('html report', () => {
  it('escapes every user-controlled string and embeds the data as inert JSON', () => {
    const html = renderHtml([evil], { toolVersion: '0.1.0', command: 'audit' }, { score: 95, coverage: ['<b>not checked</b>'] });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>not checked</b>');
    expect(html).toContain('&lt;b&gt;not checked&lt;/b&gt;');
    const json = /<script type="application\/json" id="sg-data">([^<]*)<\/script>/.exec(html)![1]!;
    expect((JSON.parse(json) as { findings: { message: string }[] }).findings[0]?.message).toBe('<script>alert(1)</script>');
    expect(inertJson({ a: '</script>' })).not.toContain('</');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('summarises by severity and by NIST area', () => {
    const html = renderHtml([evil, { ...evil, severity: 'LOW', references: [] }], { toolVersion: '0.1.0', command: 'audit' });
    expect(html).toMatch(/<b class="HIGH">1<\/b>/);
    expect(html).toMatch(/<td>Orchestrator risks<\/td><td>1<\/td>/);
    expect(areasOf({ ...evil, references: [] })).toEqual(['Unmapped']);
  });
});

describe('machine output carries what the table shows', () => {
  it('the html reporter shows the score it is given through the report context (audit --format html)', async () => {
    const { htmlReporter } = await import('../../../src/report/html.js');
    const { createStyler } = await import('../../../src/core/style.js');
    const html = htmlReporter.render([evil], { toolVersion: '0.1.0', command: 'audit', styler: createStyler(false), score: 87 });
    expect(html).toContain('1 findings, score 87');
    expect(html).not.toContain('score null');
    const json = /<script type="application\/json" id="sg-data">([^<]*)<\/script>/.exec(html)![1]!;
    expect((JSON.parse(json) as { score: number | null }).score).toBe(87);
    const none = htmlReporter.render([evil], { toolVersion: '0.1.0', command: 'compose lint', styler: createStyler(false) });
    expect(none).toContain('(data.score === null ? data.labels.count : data.labels.countScore)');
  });

  it('the json reporter carries the score', async () => {
    const { jsonReporter } = await import('../../../src/report/json.js');
    const { createStyler } = await import('../../../src/core/style.js');
    const doc = JSON.parse(jsonReporter.render([], { toolVersion: '0.1.0', command: 'audit', styler: createStyler(false), score: 90 })) as {
      summary: { score: number };
    };
    expect(doc.summary.score).toBe(90);
  });
});
