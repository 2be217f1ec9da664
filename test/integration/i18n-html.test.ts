// The audit HTML report in Japanese, opened in headless Chromium (Debian's chromium, Noto CJK fonts from the
// test environment): the page's script fills in Japanese labels, and the Japanese font is there to draw them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../helpers/chromium.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-i18n-html-'));
const artifacts = path.join(root, 'test-artifacts');
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LANG|LC_.*|SWARMGUARD_LANG)$/.test(k)));
const sg = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/swarmguard.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...baseEnv, NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the audit HTML report in Japanese (headless Chromium)', () => {
  it('renders Japanese headings, labels and findings with a Japanese font', async () => {
    const html = path.join(dir, 'report.html');
    const r = sg(
      { LANG: 'ja_JP.UTF-8' },
      'audit',
      '-c',
      'examples/insecure-stack.yaml',
      '--no-bench',
      '--db',
      path.join(dir, 'none.db'),
      '--format',
      'json',
      '--html',
      html,
    );
    expect([0, 1], r.stderr).toContain(r.status);
    const page0 = readFileSync(html, 'utf8');
    expect(page0).toContain('<html lang="ja">');
    expect(page0).toContain('<h2>概要</h2>');
    // Machine output keeps its English ids whatever the language.
    const rep = JSON.parse(r.stdout) as { findings: { id: string }[] };
    expect(rep.findings.map((f) => f.id)).toContain('docker-socket-mount');

    // The fonts the report asks for are installed (fonts-noto-cjk), so no glyph is drawn as a box.
    const fonts = execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' });
    expect(fonts).toMatch(/Noto Sans CJK JP/);

    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_FLAGS],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      await page.goto(`file://${html}`);
      // Written by the page's script from the embedded labels: proves the script ran in Japanese.
      await expect.poll(() => page.locator('#js-summary').textContent()).toMatch(/^指摘 \d+ 件/);
      expect(await page.locator('#shown').textContent()).toMatch(/^全 \d+ 件中 \d+ 件を表示$/);
      expect(await page.locator('#rows').textContent()).toContain('エンジンのソケット');
      expect(await page.evaluate(`document.fonts.check('14px "Noto Sans CJK JP"', '概要')`)).toBe(true);
      mkdirSync(artifacts, { recursive: true });
      const shot = path.join(artifacts, 'audit-report-ja.png');
      await page.screenshot({ path: shot, fullPage: false });
      expect(existsSync(shot)).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
