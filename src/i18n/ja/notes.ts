// Japanese for the notes that accompany a report: what was not checked and why (audit coverage), an OS release past
// its end of life, a target with no advisories ("not covered"), swarmguard's own containers left out. Names,
// paths, versions and dates are put back as they are.

import { localizeUserText } from '../user-errors.js';

/** A part of an audit, as its coverage notes name it (src/audit/audit.ts), with the names it holds kept. */
export function jaAuditPart(part: string): string {
  const m =
    /^compose lint of (.+)$/.exec(part) ??
    /^(live swarm audit)$/.exec(part) ??
    /^(host and daemon tips)$/.exec(part) ??
    /^CIS Docker Benchmark 1\.6\.0 on (every node|\S+)$/.exec(part) ??
    /^image lint of (\S+)$/.exec(part) ??
    /^vulnerability scan of (\S+)$/.exec(part);
  if (m?.[1] === undefined) return part;
  const name = m[1];
  if (part.startsWith('compose lint')) return `${name} の compose lint`;
  if (name === 'live swarm audit') return '稼働中の Swarm の監査';
  if (name === 'host and daemon tips') return 'ホストとデーモンのチェック';
  if (part.startsWith('CIS')) return `${name === 'every node' ? 'すべてのノード' : name} の CIS Docker Benchmark 1.6.0`;
  if (part.startsWith('image lint')) return `${name} のイメージの lint`;
  return `${name} の脆弱性スキャン`;
}

type Note = readonly [RegExp, (...parts: string[]) => string];

export const JA_NOTES: readonly Note[] = [
  [
    /^(.+) is end of life since (\S+): it gets no more security fixes, so findings are incomplete; move to a supported release$/,
    (os, date) => `${os} は ${date} にサポートが終了しています。セキュリティ修正が出ないため、指摘は不完全です。サポート中のリリースに移行してください`,
  ],
  [
    /^no advisory feed for (.+): its OS packages were not checked \(not covered\)$/,
    (os) => `${os} のアドバイザリのフィードがありません。OS パッケージは確認していません（対象外）`,
  ],
  [
    /^the OS of the image is unknown: its OS packages were not checked \(not covered\)$/,
    () => 'イメージの OS が分かりません。OS パッケージは確認していません（対象外）',
  ],
  [
    /^no advisories for this release in the database \((.+)\): not covered; add a source for it and run `swarmguard db update`$/,
    (ns) => `データベースにこのリリースのアドバイザリがありません（${ns}）。対象外です。ソースを追加して \`swarmguard db update\` を実行してください`,
  ],
  [
    /^(.+): not covered, no advisories were checked for (.+); its counts are not a clean result$/,
    (ref, list) => `${ref}: 対象外です。${list} のアドバイザリは確認していないため、件数が 0 でも問題がないとは言えません`,
  ],
  [
    /^(\S+) is Alpine-based: Alpine's security feed lists fixes only, with no record of vulnerabilities that are still unfixed, so its OS-package counts are not like for like with (\S+)$/,
    (alp, other) =>
      `${alp} は Alpine ベースです。Alpine のセキュリティフィードには修正済みのものしかなく、未修正の脆弱性の記録がないため、OS パッケージの件数は ${other} と同じ条件では比べられません`,
  ],
  [
    /^the images use different distributions \((\S+), (\S+)\): each is matched against its own feed, whose coverage and ratings differ$/,
    (a, b) => `2 つのイメージはディストリビューションが違います（${a}、${b}）。それぞれ自身のフィードと照合するため、カバー範囲も深刻度の評価も異なります`,
  ],
  [
    /^neither image had any packages checked against advisories: this comparison says nothing about their vulnerabilities$/,
    () => 'どちらのイメージもアドバイザリと照合したパッケージがありません。この比較からは脆弱性について何も言えません',
  ],
  [/^excluded swarmguard's own (.+): label com\.swarmguard\.role$/, (what) => `swarmguard 自身の ${what} を対象から除きました（com.swarmguard.role ラベル）`],
  [/^live swarm audit: this engine is not a swarm manager$/, () => '稼働中の Swarm の監査: このエンジンは Swarm のマネージャーではありません'],
  [/^CIS benchmark: skipped \(--no-bench\)$/, () => 'CIS ベンチマーク: 実行していません（--no-bench）'],
  [/^images: skipped \(--no-images\)$/, () => 'イメージ: 確認していません（--no-images）'],
  [/^CIS benchmark on (\S+): (.+)$/, (node, why) => `${node} の CIS ベンチマーク: ${why === 'no result' ? '結果がありません' : why}`],
  [
    /^vulnerability scan: no database at (\S+) \(run `swarmguard db update` or `db import`\)$/,
    (db) => `脆弱性スキャン: ${db} にデータベースがありません（\`swarmguard db update\` か \`db import\` を実行してください）`,
  ],
  [/^image (\S+) \((.+)\): not on this node, not checked$/, (ref, svcs) => `イメージ ${ref}（${svcs}）: このノードにないため確認していません`],
  [
    /^this engine is not a swarm manager: only what this node shows was checked$/,
    () => 'このエンジンは Swarm のマネージャーではありません。このノードから見える範囲だけを確認しました',
  ],
  [/^engine: (.+)$/s, (e) => `エンジン: ${localizeUserText(e, 'ja')}`],
  [/^(.+): not checked \((.+)\)$/s, (what, why) => `${jaAuditPart(what)}: 確認できませんでした（${localizeUserText(why, 'ja')}）`],
];

export function jaNote(note: string): string {
  for (const [re, ja] of JA_NOTES) {
    const m = re.exec(note);
    if (m) return ja(...m.slice(1));
  }
  return note;
}
