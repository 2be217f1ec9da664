// What a benchmark check saw, in Japanese: each English detail sentence the checks write, as a pattern whose
// captured parts (paths, names, addresses, counts, modes) are put back untranslated. A detail no pattern knows is
// shown as the check wrote it.

import { JA_CONTAINER_DETAILS, jaContainerDetail } from './bench-container-details.js';

type Detail = readonly [RegExp, (...parts: string[]) => string];

/** The files of section 3 that are named by what they are rather than by a path. */
const FILE_LABELS: Readonly<Record<string, string>> = {
  'the user docker.service': 'ユーザーの docker.service',
  'the TLS CA certificate (--tlscacert)': 'TLS の CA 証明書（--tlscacert）',
  'the server certificate (--tlscert)': 'サーバー証明書（--tlscert）',
  'the server key (--tlskey)': 'サーバーの秘密鍵（--tlskey）',
  'the containerd socket in use': '使用中の containerd ソケット',
};
const jaFileLabel = (label: string): string => FILE_LABELS[label] ?? label;

const AUDIT_OFF: readonly Detail[] = [
  [
    /^the kernel's auditing is disabled \(auditctl -s: enabled 0\): enable it with `auditctl -e 1` \(and -e 1 in the rules file\)$/,
    () => 'カーネルの監査が無効です（auditctl -s: enabled 0）。`auditctl -e 1` で有効にしてください（ルールファイルにも -e 1 を書きます）',
  ],
  [
    /^auditd is not running \(auditctl -s: pid 0\): start it \(`systemctl start auditd`\) so events are recorded$/,
    () => 'auditd が動いていません（auditctl -s: pid 0）。イベントが記録されるよう起動してください（`systemctl start auditd`）',
  ],
];

/** The reason an audit rule records nothing, translated on its own (it is quoted inside other details). */
function auditReason(reason: string): string {
  for (const [re, ja] of AUDIT_OFF) {
    const m = re.exec(reason);
    if (m) return ja(...m.slice(1));
  }
  return reason;
}

/** Why a recommendation does not apply to a rootless engine (src/bench/checks/rootless.ts), in Japanese. */
const ROOTLESS_REASONS: readonly Detail[] = [
  [
    /^the engine's socket (\S+) belongs to its user \(uid (\d+)\); membership of the docker group gives no access to it$/,
    (sock, uid) => `エンジンのソケット ${sock} はそのユーザー（uid ${uid}）のもので、docker グループに入っていても使えません`,
  ],
  [
    /^dockerd-rootless\.sh is started by the user's docker\.service \(systemctl --user\); rootless Docker installs no docker\.socket unit$/,
    () => 'dockerd-rootless.sh はユーザーの docker.service（systemctl --user）から起動され、rootless の Docker は docker.socket ユニットを置きません',
  ],
  [
    /^a rootless dockerd reads its settings from ~\/\.config\/docker\/daemon\.json and the environment of the user's docker\.service, not from files under \/etc$/,
    () => 'rootless の dockerd は設定を ~/.config/docker/daemon.json とユーザーの docker.service の環境から読み、/etc の下のファイルは読みません',
  ],
  [
    /^a rootless dockerd runs its own containerd, configured by dockerd under \$XDG_RUNTIME_DIR\/docker\/containerd$/,
    () => 'rootless の dockerd は自分の containerd を動かし、その設定は dockerd が $XDG_RUNTIME_DIR/docker/containerd に作ります',
  ],
  [
    /^the whole engine already runs in RootlessKit's user namespace, which maps container root to the user's subordinate ids; dockerd refuses userns-remap there$/,
    () =>
      'エンジン全体がすでに RootlessKit のユーザー名前空間で動き、コンテナの root はユーザーの下位 ID に対応付けられています。そこでは dockerd は userns-remap を受け付けません',
  ],
  [
    /^published ports are forwarded by RootlessKit's port driver \((\S+)\), not by the host's docker-proxy; userland-proxy does not change what the host exposes$/,
    (driver) =>
      `公開ポートはホストの docker-proxy ではなく RootlessKit のポートドライバー（${driver}）が転送します。userland-proxy を変えてもホストが公開するものは変わりません`,
  ],
  [
    /^--network host joins RootlessKit's network namespace, not the host's: the container cannot see or bind the host's interfaces$/,
    () => '--network host で入るのはホストではなく RootlessKit のネットワーク名前空間で、コンテナはホストのインターフェースを見ることも使うこともできません',
  ],
  [
    /^--userns host joins RootlessKit's user namespace, in which the host's root is not mapped$/,
    () => '--userns host で入るのは RootlessKit のユーザー名前空間で、そこにはホストの root が対応付けられていません',
  ],
  [
    /^no user docker\.service(?: \(~\/\.config\/systemd\/user\/docker\.service\))? was found$/,
    () => 'ユーザーの docker.service（~/.config/systemd/user/docker.service）が見つかりません',
  ],
];

function jaRootlessReason(why: string): string {
  for (const [re, ja] of ROOTLESS_REASONS) {
    const m = re.exec(why);
    if (m) return ja(...m.slice(1));
  }
  return why;
}

export const JA_BENCH_DETAILS: readonly Detail[] = [
  // 1.1.x: audit rules
  [/^an audit rule for (\S+) is loaded \(auditctl -l\), but (.+)$/s, (p, why) => `${p} の監査ルールは読み込まれています（auditctl -l）が、${auditReason(why)}`],
  [/^audit rule for (\S+) is loaded \(auditctl -l\) and auditing is on$/, (p) => `${p} の監査ルールが読み込まれ（auditctl -l）、監査は有効です`],
  [
    /^a rule for (\S+) is in (.+) but not loaded \(auditctl -l\): run `augenrules --load` \(or `auditctl -R FILE`\)$/,
    (p, files) =>
      `${p} のルールは ${files} にありますが、読み込まれていません（auditctl -l）。\`augenrules --load\`（または \`auditctl -R FILE\`）を実行してください`,
  ],
  [
    /^no audit rule watches (\S+) \(auditctl -l, (\d+) rules file\(s\) read\)$/,
    (p, n) => `${p} を監視する監査ルールがありません（auditctl -l、読んだルールファイル ${n} 個）`,
  ],
  [
    /^a rule for (\S+) is in (.+), but auditd is not running \(no auditd process in \/proc\): nothing is recorded; start auditd \(`systemctl start auditd`\), which loads the rules files$/,
    (p, files) =>
      `${p} のルールは ${files} にありますが、auditd が動いていません（/proc に auditd のプロセスがありません）。何も記録されないので、auditd を起動してください（\`systemctl start auditd\`。ルールファイルも読み込まれます）`,
  ],
  [
    /^no rules file read holds a rule for (\S+), and auditd is not running \(no auditd process in \/proc\): nothing is recorded; start auditd \(`systemctl start auditd`\), which loads the rules files$/,
    (p) =>
      `読んだルールファイルに ${p} のルールはなく、auditd も動いていません（/proc に auditd のプロセスがありません）。何も記録されないので、auditd を起動してください（\`systemctl start auditd\`。ルールファイルも読み込まれます）`,
  ],
  [
    /^rule for (\S+) in (.+) and auditd is running; not confirmed loaded \((.+)\)$/,
    (p, files, why) => `${p} のルールが ${files} にあり、auditd は動いています。読み込まれたことは確認できません（${why}）`,
  ],
  [
    /^could not check: the loaded audit rules could not be read \((.+)\), and no rule for (\S+) is in the (\d+) rules file\(s\) read$/,
    (why, p, n) => `確認できませんでした: 読み込まれた監査ルールを読めず（${why}）、読んだルールファイル ${n} 個にも ${p} のルールがありません`,
  ],
  [/^(.+): not found on this host$/, (what) => `${what}: このホストには見つかりません`],
  // 1.1.1, 1.1.2
  [/^(\S+) is a mount point$/, (p) => `${p} はマウントポイントです`],
  [/^(\S+) is not on a partition of its own$/, (p) => `${p} は専用のパーティションにありません`],
  [/^ordinary users in the docker group \(root-equivalent\): ([^;]+)$/, (u) => `docker グループに一般ユーザーがいます（root と同等）: ${u}`],
  [/^name the trusted ones with --trusted-users$/, () => '信頼できるユーザーは --trusted-users で指定してください'],
  [/^Doubtful users: (.+)$/, (u) => `信頼できるか不明なユーザー: ${u}`],
  [/^the docker group has no members$/, () => 'docker グループにメンバーはいません'],
  [/^all members trusted: (.+)$/, (u) => `メンバーはすべて信頼済みです: ${u}`],
  [/^Users: (.+)$/, (u) => `ユーザー: ${u}`],
  [/^Using (.+), verify it is up to date as deemed necessary$/, (v) => `${v} を使用中です。必要に応じて最新かどうかを確認してください`],
  // section 3: owners and modes
  [/^(\S+) is owned by (\S+), not (\S+)$/, (p, has, want) => `${p} の所有者は ${has} です（${want} であるべきです）`],
  // A rootless engine's files belong to its user.
  [/^(\S+) is owned by the engine's user \(uid (\d+)\)$/, (p, uid) => `${p} の所有者はエンジンのユーザー（uid ${uid}）です`],
  [
    /^(\S+) is owned by uid (\d+), not the engine's user \(uid (\d+)\)$/,
    (p, has, want) => `${p} の所有者は uid ${has} です（エンジンのユーザー uid ${want} であるべきです）`,
  ],
  [/^not applicable: rootless: (.+)$/s, (why) => `rootless では該当しません: ${jaRootlessReason(why)}`],
  [/^(\S+) is owned by (\S+)$/, (p, has) => `${p} の所有者は ${has} です`],
  [/^(\S+) has mode (\d+), more permissive than (\d+)$/, (p, mode, max) => `${p} のパーミッションは ${mode} で、${max} より緩くなっています`],
  [/^(\S+) has mode (\d+)$/, (p, mode) => `${p} のパーミッションは ${mode} です`],
  [/^(\S+): file not found$/, (p) => `${p}: ファイルがありません`],
  [/^(.+): not configured or not found$/, (what) => `${jaFileLabel(what)}: 設定されていないか、見つかりません`],
  [/^cannot stat (\S+): (.+) \(run as root\)$/, (p, e) => `${p} の情報を取得できません: ${e}（root で実行してください）`],
  [/^cannot stat (\S+): (.+)$/s, (p, e) => `${p} の情報を取得できません: ${e}`],
  // section 2: the daemon
  [
    /^inter-container communication is allowed on the default bridge \(icc is not false\)$/,
    () => '既定のブリッジでコンテナ間の通信が許可されています（icc が false ではありません）',
  ],
  [/^user namespace remapping is not enabled$/, () => 'ユーザー名前空間の再マッピングが有効になっていません'],
  [/^no authorization plugin$/, () => '認可プラグインがありません'],
  [/^log driver is (\S+)$/, (d) => `ログドライバーが ${d} です`],
  [/^no-new-privileges is not the default$/, () => 'no-new-privileges が既定になっていません'],
  [/^live restore is not enabled$/, () => 'live restore が有効になっていません'],
  [
    /^live restore cannot be enabled in swarm mode \(dockerd refuses the combination\): containers restart with the daemon$/,
    () => 'Swarm モードでは live restore を有効にできません（dockerd がこの組み合わせを拒否します）。コンテナはデーモンと一緒に再起動します',
  ],
  [/^the userland proxy is enabled$/, () => 'ユーザーランドプロキシが有効です'],
  [/^the daemon does not listen on TCP$/, () => 'デーモンは TCP で待ち受けていません'],
  [/^listening on (.+) without --tlsverify and certificates$/, (a) => `${a} で --tlsverify と証明書なしに待ち受けています`],
  [/^the daemon runs as root$/, () => 'デーモンは root で動いています'],
  [/^the daemon runs rootless$/, () => 'デーモンは rootless で動いています'],
  [/^the default bridge has enable_icc=false$/, () => '既定のブリッジは enable_icc=false です'],
  [/^the storage driver is aufs$/, () => 'ストレージドライバーが aufs です'],
  [/^the storage driver is devicemapper$/, () => 'ストレージドライバーが devicemapper です'],
  [/^storage driver (\S+)$/, (d) => `ストレージドライバー ${d}`],
  [/^TCP with client verification: (.+)$/, (a) => `クライアント証明書の検証付きの TCP: ${a}`],
  [/^cgroup-parent is (.+): confirm it is intended$/, (v) => `cgroup-parent が ${v} です。意図したものか確認してください`],
  [/^log driver (\S+)$/, (d) => `ログドライバー ${d}`],
  [/^live restore is enabled$/, () => 'live restore は有効です'],
  [/^seccomp profile (.+)$/, (v) => `seccomp プロファイル ${v}`],
  [
    /^the default seccomp profile is applied \(docker info: SecurityOptions\)$/,
    () => '既定の seccomp プロファイルが適用されています（docker info: SecurityOptions）',
  ],
  [/^seccomp is not available$/, () => 'seccomp を使えません'],
  [
    /^seccomp is turned off for every container \(docker info: profile=unconfined\)$/,
    () => 'seccomp がすべてのコンテナで無効です（docker info: profile=unconfined）',
  ],
  [/^default ulimits are not set \(manual check\)$/, () => '既定の ulimit が設定されていません（手動で確認してください）'],
  // section 5 and 6
  [/^swarm mode is enabled$/, () => 'Swarm モードが有効です'],
  [
    /^swarm mode is enabled and intended \(this node is a swarm member; pass --no-swarm to treat it as unintended\)$/,
    () => 'Swarm モードが有効で、意図どおりです（このノードは Swarm のメンバーです。意図していない場合は --no-swarm を指定してください）',
  ],
  [/^AppArmor is not enabled on this host$/, () => 'このホストでは AppArmor が有効になっていません'],
  [/^SELinux is not enabled in the daemon$/, () => 'デーモンで SELinux が有効になっていません'],
  [/^needs the audit log of `docker exec` calls \(ausearch -k docker\)$/, () => '`docker exec` の呼び出しの監査ログが必要です（ausearch -k docker）'],
  ...JA_CONTAINER_DETAILS,
  [/^(\d+) images, (\d+) not used by any container$/, (n, u) => `イメージ ${n} 個、うちどのコンテナも使っていないもの ${u} 個`],
  [/^(\d+) containers, (\d+) running$/, (n, r) => `コンテナ ${n} 個、うち実行中 ${r} 個`],
  // section 7: swarm
  [/^swarm mode is not enabled: not applicable$/, () => 'Swarm モードが有効ではないため、対象外です'],
  [/^this node is a worker: run the benchmark on a manager for swarm checks$/, () => 'このノードはワーカーです。Swarm の項目はマネージャーで実行してください'],
  [/^unencrypted overlay: (.+)$/, (n) => `暗号化されていないオーバーレイ: ${n}`],
  [
    /^unencrypted routing-mesh network: (\S+) \(recreate it with `(.+)`\)$/,
    (n, cmd) => `暗号化されていないルーティングメッシュのネットワーク: ${n}（\`${cmd}\` で作り直してください）`,
  ],
  [
    /^(\d+) overlay network\(s\), all with the "encrypted" driver option$/,
    (n) => `オーバーレイネットワーク ${n} 個、すべて "encrypted" ドライバーオプション付き`,
  ],
  [/^autolock is on$/, () => 'autolock は有効です'],
  [/^autolock is off: a stolen manager disk reveals the raft keys$/, () => 'autolock が無効です。マネージャーのディスクを盗まれると raft の鍵が漏れます'],
  [/^the engine does not expose when the unlock key was last rotated$/, () => 'ロック解除キーを最後に更新した日時は、エンジンから取得できません'],
  [/^(\d+) of (\d+) service\(s\) use Docker secrets$/, (n, total) => `サービス ${total} 個のうち ${n} 個が Docker のシークレットを使っています`],
  [/^the swarm listens on (.+): all interfaces$/, (a) => `Swarm が ${a} で待ち受けています（すべてのインターフェース）`],
  [
    /^no --data-path-addr: data traffic uses the advertise address (\S+), the same as management traffic \(DataPathAddr is empty in docker-state.json\)$/,
    (a) => `--data-path-addr がありません。データ通信は管理通信と同じアドバタイズアドレス ${a} を使います（docker-state.json の DataPathAddr が空です）`,
  ],
  [
    /^management \((\S+)\) and data \(DataPathAddr (\S+)\) traffic share one address$/,
    (m, d) => `管理通信（${m}）とデータ通信（DataPathAddr ${d}）が同じアドレスを使っています`,
  ],
  [/^the certificate has expired$/, () => '証明書の有効期限が切れています'],
  [/^certificates live longer than 90 days$/, () => '証明書の有効期間が 90 日を超えています'],
  [/^not rotated for over a year$/, () => '1 年以上更新されていません'],
  [/^quorum is lost$/, () => 'クォーラムが失われています'],
  [/^(\d+) manager\(s\), (\d+) reachable; quorum needs (\d+)$/, (n, r, q) => `マネージャー ${n} 台、うち到達可能 ${r} 台。クォーラムには ${q} 台が必要です`],
  [/^unreachable: (.+)$/, (names) => `到達できないマネージャー: ${names}`],
  [
    /^an even number of managers tolerates no more failures than one fewer: one is in excess$/,
    () => 'マネージャーが偶数台だと、1 台少ない場合と耐えられる障害の数が同じです。1 台多すぎます',
  ],
  [/^more than 7 managers: in excess, and slower consensus$/, () => 'マネージャーが 7 台を超えています。多すぎるうえ、合意も遅くなります'],
  [
    /^a single manager: no fault tolerance \(add two for high availability\)$/,
    () => 'マネージャーが 1 台だけで、障害に耐えられません（高可用性には 2 台追加してください）',
  ],
  [/^node certificate lifetime setting: (\d+) days$/, (d) => `ノード証明書の有効期間の設定: ${d} 日`],
  [/^this node's certificate expires (\S+) \(in (-?\d+) days\)$/, (at, d) => `このノードの証明書は ${at} に期限が切れます（あと ${d} 日）`],
  [
    /^could not read this node's certificate \(swarm\/certificates\/swarm-node.crt; not root\?\)$/,
    () => 'このノードの証明書を読めませんでした（swarm/certificates/swarm-node.crt。root で実行していますか？）',
  ],
  [/^the root CA was issued (\S+) \((\d+) days ago\), expires (\S+)$/, (at, d, end) => `ルート CA は ${at} に発行され（${d} 日前）、${end} に期限が切れます`],
  [/^could not read the swarm root CA certificate \(not root\?\)$/, () => 'Swarm のルート CA 証明書を読めませんでした（root で実行していますか？）'],
  [/^listens on (.+)$/, (a) => `${a} で待ち受けています`],
  [
    /^management traffic on (\S+), data traffic on (\S+) \(DataPathAddr in docker-state.json\)$/,
    (m, d) => `管理通信は ${m}、データ通信は ${d} を使っています（docker-state.json の DataPathAddr）`,
  ],
  [/^the host's mount table is unreadable \((.+)\)$/, (e) => `ホストのマウントテーブルを読めません（${e}）`],
  [/^could not read \/etc\/group: (.+)$/, (e) => `/etc/group を読めませんでした: ${e}`],
  [
    /^the swarm state \(swarm\/docker-state.json in the data root\) could not be read; run as root$/,
    () => 'Swarm の状態（データルートの swarm/docker-state.json）を読めませんでした。root で実行してください',
  ],
  [
    /^no listener on 2377 found for dockerd \(a worker, or not visible from here\)$/,
    () => 'dockerd が 2377 で待ち受けていません（ワーカーか、ここからは見えません）',
  ],
  // any check
  [/^could not evaluate: (.+)$/s, (e) => `評価できませんでした: ${e}`],
  [/^could not check: (.+)$/s, (why) => `確認できませんでした: ${jaBenchDetail(why)}`],
  ...AUDIT_OFF,
];

/** The detail in Japanese, or the check's own words when no pattern knows it. */
export function jaBenchDetail(detail: string): string {
  const container = jaContainerDetail(detail);
  if (container !== undefined) return container;
  for (const [re, ja] of JA_BENCH_DETAILS) {
    const m = re.exec(detail);
    if (m) return ja(...m.slice(1));
  }
  return detail;
}

/**
 * Details joined with "; " (a finding's message, the JSON log), each in Japanese. A detail may hold "; " itself, so
 * the longest run of parts that one pattern knows is taken first.
 */
export function jaBenchDetailList(joined: string): string {
  const parts = joined.split('; ');
  const out: string[] = [];
  for (let i = 0; i < parts.length;) {
    let j = parts.length;
    for (; j > i + 1; j--) if (jaBenchDetail(parts.slice(i, j).join('; ')) !== parts.slice(i, j).join('; ')) break;
    out.push(jaBenchDetail(parts.slice(i, j).join('; ')));
    i = j;
  }
  return out.join('; ');
}
