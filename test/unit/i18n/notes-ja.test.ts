// The notes beside a report in Japanese, from the sentences the scan, the audit and the benchmark really write.
import { describe, expect, it } from 'vitest';
import { excludedNote } from '../../../src/bench/runner.js';
import { localizeNotes } from '../../../src/i18n/notes.js';
import { JAPANESE } from './ja-helpers.js';

const NOTES = [
  'Debian GNU/Linux 9 (stretch) is end of life since 2022-06-30: it gets no more security fixes, so findings are incomplete; move to a supported release',
  'no advisory feed for Arch Linux: its OS packages were not checked (not covered)',
  'the OS of the image is unknown: its OS packages were not checked (not covered)',
  'no advisories for this release in the database (alpine 3.20): not covered; add a source for it and run `swarmguard db update`',
  'app:1: not covered, no advisories were checked for os-pkgs; its counts are not a clean result',
  ...excludedNote([{ kind: 'container', name: 'swarmguard-bench-abc123.1', role: 'bench' }]),
  'live swarm audit: this engine is not a swarm manager',
  'CIS benchmark: skipped (--no-bench)',
  'images: skipped (--no-images)',
  'CIS benchmark on node2: no result',
  'vulnerability scan: no database at /var/lib/sg/vuln.db (run `swarmguard db update` or `db import`)',
  'image web:1 (shop_web, shop_api): not on this node, not checked',
  'host and daemon tips: not checked (EACCES: permission denied, open /etc/group)',
];

describe('report notes in Japanese', () => {
  it('every note the scan, audit and benchmark write reads in Japanese, with names, dates and paths kept', () => {
    const ja = localizeNotes(NOTES, 'ja');
    for (const [i, n] of ja.entries()) expect(n, NOTES[i]).toMatch(JAPANESE);
    expect(ja[0]).toBe(
      'Debian GNU/Linux 9 (stretch) は 2022-06-30 にサポートが終了しています。セキュリティ修正が出ないため、指摘は不完全です。サポート中のリリースに移行してください',
    );
    expect(ja[3]).toContain('（alpine 3.20）');
    expect(ja.at(-1)).toBe('ホストとデーモンのチェック: 確認できませんでした（EACCES（アクセスが拒否されました）: open /etc/group）');
  });

  it('keeps a note no pattern knows, and English as it is', () => {
    expect(localizeNotes(['something new'], 'ja')).toEqual(['something new']);
    expect(localizeNotes(NOTES, 'en')).toEqual(NOTES);
  });
});
