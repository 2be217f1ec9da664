// `sbom --format table`: the packages, the inventory's warnings and the summary in the reader's language; a part of
// the image that was not read is marked, never left to look like a whole list.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../src/i18n/locale.js';
import { cutShort } from '../../../src/packages/incomplete.js';
import { packagesMessages } from '../../../src/packages/messages.js';
import { analyzerMessages } from '../../../src/packages/analyzers/messages.js';
import type { Inventory } from '../../../src/packages/types.js';
import { renderSbomTable } from '../../../src/report/sbom-table.js';
import { createStyler } from '../../../src/core/style.js';

afterEach(() => setLocale('en'));

const plain = createStyler(false);
const inventory = (warnings: Inventory['warnings']): Inventory => ({
  ref: 'app:1',
  os: { family: 'debian', version: '12', source: 'etc/os-release' },
  packages: [
    { type: 'deb', name: 'libc6', version: '2.36-9', path: 'var/lib/dpkg/status', purl: 'pkg:deb/debian/libc6@2.36-9' },
    { type: 'npm', name: 'left-pad', version: '1.3.0', path: 'app/package-lock.json', purl: 'pkg:npm/left-pad@1.3.0' },
  ],
  warnings,
  layers: [],
});

describe('sbom table', () => {
  const note = analyzerMessages.say('analyzers.json.invalid', { path: 'app/broken.json' });
  const cut = cutShort(packagesMessages.say('packages.run.stopped', { count: 2 }));

  it('says the warnings and the summary in English, and marks a list that is not whole', () => {
    const whole = renderSbomTable(inventory([note]), plain);
    expect(whole).toContain('warning: app/broken.json: not valid JSON, skipped');
    expect(whole).toContain('2 package(s) (deb: 1, npm: 1) — debian 12');
    expect(whole).not.toContain('not complete');
    const part = renderSbomTable(inventory([note, cut]), plain);
    expect(part).toContain('warning: not scanned: 2 file(s) not read: the scan was stopped');
    expect(part.trimEnd().split('\n').at(-1)).toBe('not complete: 1 part(s) of the image not read (the warnings above say which)');
  });

  it('says them in Japanese under --lang ja', () => {
    setLocale('ja');
    const part = renderSbomTable({ ...inventory([note, cut]), os: undefined }, plain);
    expect(part).toContain('警告: app/broken.json: 正しい JSON ではないため飛ばしました');
    expect(part).toContain('パッケージ 2 個（deb: 1, npm: 1） — OS 不明（os-release がありません）');
    expect(part).toContain('不完全です: イメージのうち 1 個の部分を読んでいません');
    expect(part).not.toMatch(/not scanned|warning:|package\(s\)/);
  });

  it('shows a control character of a path from the image as an escape, never as itself', () => {
    const hostile = analyzerMessages.say('analyzers.json.invalid', { path: 'app/\u001b]0;pwned\u0007x.json' });
    const out = renderSbomTable(inventory([hostile]), plain);
    expect(out).not.toContain('\u001b]');
    expect(out).toContain('\\u001b]0;pwned\\u0007x.json');
  });
});
