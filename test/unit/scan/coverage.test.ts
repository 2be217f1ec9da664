// "Not covered" wherever a count is shown: the diff's summary line, JSON and HTML reports, the history.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureStore, inv, pkg } from './fixture-store.js';
import { countMessage, coverageOf, countWords } from '../../../src/scan/coverage.js';
import { diffScans, diffSummary } from '../../../src/scan/diff.js';
import { scanInventory } from '../../../src/scan/scan.js';
import { jsonReporter } from '../../../src/report/json.js';
import { renderHtml } from '../../../src/report/html.js';
import { createStyler } from '../../../src/core/style.js';
import { recordManualScan } from '../../../src/history/manual.js';
import { HistoryStore } from '../../../src/history/store.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';

const fx = fixtureStore('sg-coverage-', ['test/fixtures/vulndb/ubuntu-osv', 'test/fixtures/vulndb/alpine-secdb/v3.9/main.yaml']);
const NOW = new Date('2026-06-01T00:00:00Z');
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-coverage-hist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Alpine 3.22 and Fedora 40: no advisories in the database for either. Ubuntu 22.04 with a vulnerable openssl: covered.
const alpine = () =>
  scanInventory(fx.store, inv({ family: 'alpine', version: '3.22.0', source: 'etc/os-release' }, [pkg({ type: 'apk', name: 'musl', version: '1.2.5-r0' })]), {
    now: NOW,
  });
const fedora = () =>
  scanInventory(fx.store, inv({ family: 'fedora', version: '40', source: 'etc/os-release' }, [pkg({ type: 'rpm', name: 'bash', version: '5.2-1.fc40' })]), {
    now: NOW,
  });
const jammy = () =>
  scanInventory(
    fx.store,
    inv({ family: 'ubuntu', version: '22.04', codename: 'jammy', source: 'etc/os-release' }, [
      pkg({ type: 'deb', name: 'libssl3', version: '3.0.2-0ubuntu1.7', sourceName: 'openssl' }),
    ]),
    { now: NOW },
  );

describe('not covered, wherever a count is shown', () => {
  it('the diff of two uncovered images says "not covered" in its summary line, not 0 vulnerabilities', () => {
    const d = diffScans(alpine(), fedora());
    expect(d.summary).toBe('A: not covered, B: not covered');
    expect(d.summary).not.toMatch(/0 vulnerabilities/);
    expect(localizeMessage(diffSummary(alpine(), fedora()), 'ja')).toBe('A: 対象外、B: 対象外');
  });

  it('a covered image against an uncovered one: its count, and "not covered"', () => {
    const j = jammy();
    expect(coverageOf(j)).toEqual({ covered: true, nothingCovered: false, uncovered: [] });
    expect(j.findings.length).toBeGreaterThan(0);
    expect(diffScans(j, fedora()).summary).toBe(`A: ${j.findings.length} vulnerabilities, B: not covered`);
  });

  it('an image covered in part: its count, with the targets not covered named', () => {
    const j = jammy();
    const part = { ...j, targets: [...j.targets, { ...fedora().targets[0]!, label: 'app (npm)' }] };
    expect(countWords(part)).toBe(`${j.findings.length} vulnerabilities (not covered: app (npm))`);
    expect(localizeMessage(countMessage(part), 'ja')).toBe(`脆弱性 ${j.findings.length} 件（対象外: app (npm)）`);
    expect(localizeMessage(countMessage(fedora()), 'ja')).toBe('対象外');
  });

  it('JSON: "covered": false and the targets; HTML: "not covered" beside the count', () => {
    const r = alpine();
    const ctx = { command: 'image scan', toolVersion: '0', styler: createStyler(false), coverage: coverageOf(r) };
    const doc = JSON.parse(jsonReporter.render(r.findings, ctx)) as { summary: { total: number; covered: boolean; uncovered: string[] } };
    expect(doc.summary).toMatchObject({ total: 0, covered: false, uncovered: [r.targets[0]!.label] });
    const covered = JSON.parse(jsonReporter.render(jammy().findings, { ...ctx, coverage: coverageOf(jammy()) })) as { summary: Record<string, unknown> };
    expect(covered.summary.covered).toBe(true);
    expect(covered.summary).not.toHaveProperty('uncovered');
    const html = renderHtml(r.findings, ctx);
    expect(html).toContain(`<p id="not-covered" class="HIGH">not covered: no advisories were checked for ${r.targets[0]!.label}`);
    expect(renderHtml(jammy().findings, { ...ctx, coverage: coverageOf(jammy()) })).not.toContain('id="not-covered"');
  });

  it('the history keeps "not covered" with the scan, apart from the counts', () => {
    const file = path.join(dir, 'h.db');
    const r = alpine();
    const id = recordManualScan({ ...r, ref: 'alpine:3.22.0', inventory: { imageId: `sha256:${'3'.repeat(64)}` } }, { file });
    const store = new HistoryStore(file);
    try {
      const rec = store.get(id!)!;
      expect(rec.uncovered).toEqual([r.targets[0]!.label]);
      expect(rec.counts).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0, INFO: 0 });
    } finally {
      store.close();
    }
  });
});
