// Nothing from an image reaches the terminal raw: control characters become visible escapes in tables, notes,
// errors and progress; this tool's own colours stay; JSON keeps the exact value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { visible, visibleLines, visibleStyled } from '../../../src/core/sanitize.js';
import { createStyler } from '../../../src/core/style.js';
import { renderTable } from '../../../src/core/table.js';
import { jsonReporter } from '../../../src/report/json.js';
import { textReporter } from '../../../src/report/text.js';
import { renderScanTable } from '../../../src/scan/table.js';
import type { ScanReport } from '../../../src/scan/scan.js';

// eslint-disable-next-line no-control-regex -- looking for what must not be there
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- this tool's own colour sequences
const withoutOwnColours = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

/** Repro 1: an npm `name` that sets the window title, clears the screen and turns the text red. */
const NPM_NAME = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mevil';
/** Repro 2: a tar entry name that moves up and erases twelve lines, then claims a clean result. */
const TAR_NOTE = `layer 1: entry "../${'\u001b[1A\u001b[2K'.repeat(12)}No vulnerabilities found" points outside the image root: ignored`;

const finding = {
  id: 'CVE-2099-0101',
  severity: 'CRITICAL',
  title: 'a bug',
  message: `${NPM_NAME} 1.0.0`,
  target: { kind: 'image', ref: 'app:1', path: 'app/package.json' },
  vulnerability: { package: NPM_NAME, installedVersion: '1.0.0\u001b[1A', status: 'fixed', fixedVersion: '1.0.1' },
} as unknown as Finding;

describe('visible', () => {
  it('shows every control character as an escape, and nothing else changes', () => {
    expect(visible('a\u001b[2Jb\u0007\r\n\u202e')).toBe('a\\u001b[2Jb\\u0007\\u000d\\u000a\\u202e');
    expect(visible('nginx 1.25 — ü')).toBe('nginx 1.25 — ü');
    expect(visibleLines('one\ntwo\u001b')).toBe('one\ntwo\\u001b');
  });

  it('never lets a control character through (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(visible(s)).not.toMatch(CONTROL);
        expect(visible(s)).not.toContain('\n');
        expect(withoutOwnColours(visibleStyled(s))).not.toMatch(CONTROL);
      }),
    );
  });

  it('keeps this tool’s colours, shows any other sequence', () => {
    const s = createStyler(true);
    const out = visibleStyled(`${s.red('CRITICAL')} ${NPM_NAME}`);
    expect(out).toContain(s.red('CRITICAL'));
    expect(out).toContain('\\u001b]0;pwned\\u0007\\u001b[2J');
  });
});

describe('the renderers', () => {
  it('repro 1: an npm name with escape sequences prints as visible escapes in a table and the text report', () => {
    // A colour sequence of the form this tool writes stays a colour (it can do no more); every other is shown.
    const table = renderTable(['LIBRARY'], [[NPM_NAME]]);
    expect(withoutOwnColours(table)).not.toMatch(CONTROL);
    expect(table).toContain('\\u001b]0;pwned\\u0007\\u001b[2J');
    const text = textReporter.render([finding], { command: 'image scan', toolVersion: '0', styler: createStyler(true) });
    expect(withoutOwnColours(text)).not.toMatch(CONTROL);
    expect(text).not.toContain('\u001b[2J');
  });

  it('repro 2: a tar entry named with cursor-up and erase-line sequences cannot erase the table above it', () => {
    const report = {
      ref: 'app:1',
      inventory: { ref: 'app:1', packages: [], warnings: [TAR_NOTE], layers: [] },
      targets: [{ label: 'app:1 (npm)', covered: true, notes: [TAR_NOTE] }],
      findings: [finding],
      ignored: [],
      all: [finding],
      notes: [TAR_NOTE],
    } as unknown as ScanReport;
    const out = renderScanTable(report, createStyler(true));
    expect(out).not.toContain('\u001b[1A');
    expect(out).not.toContain('\u001b[2K');
    expect(withoutOwnColours(out)).not.toMatch(CONTROL);
    expect(out).toContain('\\u001b[1A\\u001b[2K');
    const text = textReporter.render([finding], { command: 'image scan', toolVersion: '0', styler: createStyler(false), notes: [TAR_NOTE] });
    expect(withoutOwnColours(text)).not.toMatch(CONTROL);
    expect(text).not.toContain('\u001b[1A');
  });

  it('JSON keeps the exact value, escaped by JSON', () => {
    const json = jsonReporter.render([finding], { command: 'image scan', toolVersion: '0', styler: createStyler(false), notes: [TAR_NOTE] });
    expect(json).not.toMatch(CONTROL);
    expect(JSON.stringify(JSON.parse(json))).toContain(JSON.stringify(NPM_NAME).slice(1, -1));
  });
});
