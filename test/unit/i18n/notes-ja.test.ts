// The notes beside a report in Japanese, said by id where the scan, the audit and the benchmark raise them: each is
// rendered from its id with its values (names, dates, paths) kept, and its English is the text the JSON keeps.
import { describe, expect, it } from 'vitest';
import { auditMessages as A } from '../../../src/audit/messages.js';
import { excludedNote } from '../../../src/bench/runner.js';
import { messageOf } from '../../../src/core/errors.js';
import { english, joinNotes, notesSaid, pushNote, rawMessage } from '../../../src/core/message.js';
import { localizeNotes } from '../../../src/i18n/notes.js';
import { scanNoteMessages as S } from '../../../src/scan/note-messages.js';
import { JAPANESE } from './ja-helpers.js';

const SAID = [
  S.say('scan.note.endOfLife', { os: 'Debian GNU/Linux 9 (stretch)', date: '2022-06-30' }),
  S.say('scan.note.noFeed', { os: 'Arch Linux' }),
  S.say('scan.note.osUnknown'),
  S.say('scan.note.noAdvisories', { namespace: 'alpine 3.20' }),
  S.say('scan.caveat.uncovered', { ref: 'app:1', targets: 'os-pkgs' }),
  A.say('audit.note.notManager'),
  A.say('audit.note.noBench'),
  A.say('audit.note.noImages'),
  A.say('audit.note.benchNoResult', { node: 'node2' }),
  A.say('audit.note.noDatabase', { db: '/var/lib/sg/vuln.db' }),
  A.say('audit.note.imageAbsent', { ref: 'web:1', services: 'shop_web, shop_api' }),
  A.say('audit.note.notChecked', {
    part: A.say('audit.part.hostTips'),
    // the system error as Node raises it, said by the id of its code
    error: messageOf(Object.assign(new Error("EACCES: permission denied, open '/etc/group'"), { code: 'EACCES', syscall: 'open', path: '/etc/group' })),
  }),
];

function notes(): string[] {
  const list = joinNotes(excludedNote([{ kind: 'container', name: 'swarmguard-bench-abc123.1', role: 'bench' }]));
  for (const m of SAID) pushNote(list, m);
  return list;
}

describe('report notes in Japanese', () => {
  it('every note the scan, audit and benchmark write reads in Japanese, with names, dates and paths kept', () => {
    const list = notes();
    const ja = localizeNotes(list, 'ja');
    for (const [i, n] of ja.entries()) expect(n, list[i]).toMatch(JAPANESE);
    expect(ja[0]).toBe('swarmguard 自身の container swarmguard-bench-abc123.1 (bench) を対象から除きました（com.swarmguard.role ラベル）');
    expect(ja[1]).toBe(
      'Debian GNU/Linux 9 (stretch) は 2022-06-30 にサポートが終了しています。セキュリティ修正が出ないため、指摘は不完全です。サポート中のリリースに移行してください',
    );
    expect(ja[4]).toContain('（alpine 3.20）');
    expect(ja.at(-1)).toBe("ホストとデーモンのチェック: 確認できませんでした（EACCES（アクセスが拒否されました）: open '/etc/group'）");
  });

  it('keeps the English the JSON carries, and a note said without an id as it is', () => {
    const list = notes();
    expect(list[1]).toBe(
      'Debian GNU/Linux 9 (stretch) is end of life since 2022-06-30: it gets no more security fixes, so findings are incomplete; move to a supported release',
    );
    expect(list.at(-1)).toBe("host and daemon tips: not checked (EACCES: permission denied, open '/etc/group')");
    expect(localizeNotes(list, 'en')).toEqual(list);
    expect(localizeNotes(['something new'], 'ja')).toEqual(['something new']);
  });

  it('says a note as its text once the list no longer holds the English it was said with', () => {
    const list = notes();
    list[1] = 'edited';
    expect(notesSaid(list)[1]).toEqual(rawMessage('edited'));
    expect(english(notesSaid(list)[2]!)).toBe('no advisory feed for Arch Linux: its OS packages were not checked (not covered)');
  });
});
