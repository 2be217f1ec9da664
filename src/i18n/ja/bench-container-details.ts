// What the container checks of the benchmark (sections 4, 5 and 6) saw, in Japanese. Their details name a
// container (or "service NAME") and what is wrong with it; names, paths, ports and capabilities stay as they are.
import { CAPABILITY_REASON } from './compose-rules.js';

type Reason = readonly [RegExp, (...parts: string[]) => string];

/** What a socket mount exposes ("the Docker socket (/run/docker.sock)", "a containerd socket"). */
function jaSocket(what: string): string {
  const m = /^(?:the|a) (Docker|containerd) socket(?: \((\S+)\))?$/.exec(what) ?? /^(dockerd's) containerd socket$/.exec(what);
  if (m === null) return what;
  if (m[1] === "dockerd's") return 'dockerd の containerd ソケット';
  return `${m[1]} のソケット${m[2] !== undefined ? `（${m[2]}）` : ''}`;
}

/** "SYS_ADMIN (mount, namespaces, …)" with the reason in Japanese. */
function jaCapabilities(list: string): string {
  return list
    .split(/; (?=[A-Z_]+ \()/)
    .map((c) => {
      const m = /^([A-Z_]+) \((.+)\)$/.exec(c);
      return m?.[1] !== undefined ? `${m[1]}（${CAPABILITY_REASON[m[1]] ?? m[2]}）` : c;
    })
    .join('、');
}

/** "/etc (ro), /var/run/docker.sock (the Docker socket)" with the parenthesised words in Japanese. */
function jaMounts(list: string): string {
  return list
    .split(', ')
    .map((m) => m.replace(/ \(ro\)$/, '（読み取り専用）').replace(/ \(((?:the|a|dockerd's) .*socket.*)\)$/, (_, what: string) => `（${jaSocket(what)}）`))
    .join('、');
}

const NAMESPACE: Readonly<Record<string, string>> = { network: 'ネットワーク', PID: 'PID', IPC: 'IPC', UTS: 'UTS', userns: 'ユーザー' };

/** Why a container breaks a rule, as runtime.ts words it. */
const REASONS: readonly Reason[] = [
  [/^runs as root \(no user set in the image or at run time\)$/, () => 'root で動いています（イメージにも実行時にもユーザーの指定がありません）'],
  [
    /^no user in the spec \(the image decides; root for most images\)$/,
    () => 'サービスの定義にユーザーがありません（イメージ次第で、多くのイメージでは root です）',
  ],
  [/^runs as (.+)$/, (u) => `${u} で動いています`],
  [/^no AppArmor profile$/, () => 'AppArmor プロファイルがありません'],
  [/^no SELinux options$/, () => 'SELinux のオプションがありません'],
  [/^adds (.+)$/s, (caps) => `${jaCapabilities(caps)} を追加しています`],
  [/^privileged$/, () => '特権モードで動いています'],
  [/^mounts (.+)$/, (list) => `${jaMounts(list)} をマウントしています`],
  [/^host port\(s\) (.+)$/, (ports) => `特権ポート ${ports} をホストで使っています`],
  [/^(network|PID|IPC|UTS|userns) mode host$/, (ns) => `ホストの${NAMESPACE[ns] ?? ns}名前空間を共有しています`],
  [/^no memory limit$/, () => 'メモリの上限がありません'],
  [/^no CPU priority or limit$/, () => 'CPU の優先度も上限もありません'],
  [/^root filesystem is writable$/, () => 'ルートファイルシステムが書き込み可能です'],
  [/^port\(s\) (.+) bound to all interfaces$/, (ports) => `ポート ${ports} がすべてのインターフェースで待ち受けています`],
  [/^restart policy (\S+)$/, (p) => `再起動ポリシーが ${p} です`],
  [/^on-failure:(\d+)$/, (n) => `on-failure:${n}（再試行が 5 回を超えます）`],
  [/^shared mount propagation$/, () => 'マウントの伝播が shared です'],
  [/^seccomp unconfined$/, () => 'seccomp が unconfined です'],
  [/^cgroup parent (.+)$/, (p) => `cgroup の親が ${p} です`],
  [/^may acquire new privileges$/, () => '新しい特権を得られます（no-new-privileges がありません）'],
  [/^no health check$/, () => 'ヘルスチェックがありません'],
  [/^health check disabled$/, () => 'ヘルスチェックが無効にされています'],
  [/^no PIDs limit$/, () => 'PID 数の上限がありません'],
];

function jaReason(why: string): string | undefined {
  for (const [re, ja] of REASONS) {
    const m = re.exec(why);
    if (m) return ja(...m.slice(1));
  }
  return undefined;
}

/** "NAME: why" or "service NAME: why" from a container check, in Japanese; undefined for any other detail. */
export function jaContainerDetail(detail: string): string | undefined {
  const m = /^(service )?([^\s:]+): (.+)$/s.exec(detail);
  if (m?.[2] === undefined || m[3] === undefined) return undefined;
  const why = jaReason(m[3]);
  if (why === undefined) return undefined;
  return `${m[1] !== undefined ? `サービス ${m[2]}` : m[2]}: ${why}`;
}

/** The other details of sections 4 to 6: one sentence each. */
export const JA_CONTAINER_DETAILS: readonly Reason[] = [
  [
    /^Docker Content Trust \(Notary v1\) is retired( \(DOCKER_CONTENT_TRUST=1 is set here\))?: sign and verify images with Sigstore cosign or Notation, and pin images by digest$/,
    (set) =>
      `Docker Content Trust（Notary v1）は廃止されています${set ? '（ここでは DOCKER_CONTENT_TRUST=1 が設定されています）' : ''}。Sigstore cosign か Notation でイメージに署名・検証し、イメージはダイジェストで固定してください`,
  ],
  [/^(\d+) images on this node$/, (n) => `このノードのイメージ ${n} 個`],
  [/^no HEALTHCHECK: (.+)$/, (img) => `HEALTHCHECK がありません: ${img}`],
  [/^sshd runs in (.+)$/, (c) => `${c} で sshd が動いています`],
  [/^could not list the processes of (.+)$/, (c) => `${c} のプロセスを一覧できませんでした`],
  [
    /^processes of (\d+) running container\(s\) listed through the API \(no exec\)$/,
    (n) => `実行中のコンテナ ${n} 個のプロセスを API で一覧しました（exec は使っていません）`,
  ],
  [/^(\S+) has host devices$/, (c) => `${c} にホストのデバイスが渡されています`],
  [/^ulimits overridden: (.+)$/, (c) => `ulimit を上書きしているコンテナ: ${c}`],
  [/^on the default bridge: (.+)$/, (c) => `既定のブリッジにつながっているコンテナ: ${c}`],
  [/^no-new-privileges is the daemon default$/, () => 'no-new-privileges はデーモンの既定です'],
  [/^swarm mode is not enabled$/, () => 'Swarm モードは有効ではありません'],
];
