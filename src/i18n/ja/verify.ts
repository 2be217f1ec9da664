// `stack verify` in Japanese: the result words of the probe table, where a port came from, what each probe saw and
// the diagnosis of a failure (src/stack/verify-cause.ts). Service, node and network names, addresses, ports, kernel
// options and commands stay as they are; a sentence no pattern knows is shown as the probe wrote it.

type Sentence = readonly [RegExp, (...parts: string[]) => string];

export const JA_PROBE_STATUS: Readonly<Record<string, string>> = {
  OK: 'OK',
  'DNS only': '名前解決のみ',
  'DNS failed': '名前解決に失敗',
  refused: '拒否',
  timeout: 'タイムアウト',
  unreachable: '到達不能',
  error: 'エラー',
  'not run': '未実行',
};

const PORT_SOURCE: readonly Sentence[] = [
  [/^the service's published ports$/, () => 'サービスの公開ポート'],
  [/^the compose file$/, () => 'compose ファイル'],
  [/^EXPOSE of (.+)$/, (img) => `${img} の EXPOSE`],
];

const CAUSES: readonly Sentence[] = [
  [
    /^stale VIP: (\S+) \(endpoint_mode dnsrr\) resolves to (\d+) addresses for (\d+) running task\(s\); (.+) belongs? to no task and (?:does|do) not answer — left in Swarm's DNS by an endpoint-mode change in place \(vip → dnsrr\)\. Remedy: remove the service \((`docker service rm \S+`), or (`swarmguard stack rm \S+`)\) and deploy the stack again$/,
    (svc, n, running, stale, rm, stackRm) =>
      `古い VIP: ${svc}（endpoint_mode dnsrr）の名前が、実行中のタスク ${running} 個に対して ${n} 個のアドレスに解決されます。${stale} はどのタスクのものでもなく、応答しません。endpoint mode をその場で変更した（vip → dnsrr）ために Swarm の DNS に残ったものです。対処: サービスを削除して（${rm} または ${stackRm}）、スタックをデプロイし直してください`,
  ],
  [/^DNS failed: (\S+) has no running task$/, (svc) => `名前解決に失敗: ${svc} に実行中のタスクがありません`],
  [/^DNS failed: (\S+) shares no network with this task$/, (svc) => `名前解決に失敗: ${svc} はこのタスクと同じネットワークにつながっていません`],
  [
    /^DNS failed: the embedded DNS \(127\.0\.0\.11\) did not resolve (\S+)$/,
    (svc) => `名前解決に失敗: 組み込み DNS（127.0.0.11）が ${svc} を解決しませんでした`,
  ],
  [
    /^connection refused: nothing listens on port (\S+) in the tasks of (\S+) \(port from (.+); pass --port if wrong\)$/,
    (port, svc, src) =>
      `接続が拒否されました: ${svc} のタスクでポート ${port} を待ち受けているものがありません（ポートの出どころ: ${jaPortSource(src)}。違う場合は --port を指定してください）`,
  ],
  [
    /^connection refused: nothing listens on port (\S+) in the tasks of (\S+)$/,
    (port, svc) => `接続が拒否されました: ${svc} のタスクでポート ${port} を待ち受けているものがありません`,
  ],
  [
    /^VIP addresses do not route on this node: the kernel has no IPVS \(ip_vs\)(?:; the task addresses \((\S+)\) answer)? — use endpoint_mode: dnsrr or a kernel with IP_VS$/,
    (tasks) =>
      `このノードでは VIP のアドレスに届きません: カーネルに IPVS（ip_vs）がありません${tasks ? `（タスクのアドレス ${tasks} は応答します）` : ''}。endpoint_mode: dnsrr にするか、IP_VS のあるカーネルを使ってください`,
  ],
  [
    /^no answer from (\S+) on the same node \((.+)\): is it listening on port (\S+) and healthy\?$/,
    (svc, here, port) => `同じノード（${here}）の ${svc} から応答がありません: ポート ${port} で待ち受けていて、正常に動いていますか？`,
  ],
  [
    /^traffic is dropped: no IPsec SAs — the kernel of (.+) has no ESP support \(CONFIG_INET_ESP\), so the encrypted network (.+) cannot reach (.+)$/,
    (here, nets, there) =>
      `通信が破棄されています: IPsec の SA がありません。${here} のカーネルに ESP のサポート（CONFIG_INET_ESP）がないため、暗号化ネットワーク ${nets} から ${there} に届きません`,
  ],
  [
    /^traffic is dropped: no IPsec SAs from (.+) to (.+) on encrypted network (.+?)(?: \(XfrmOutNoStates=(\d+)\))?$/,
    (here, to, nets, drops) =>
      `通信が破棄されています: 暗号化ネットワーク ${nets} で ${here} から ${to} への IPsec の SA がありません${drops ? `（XfrmOutNoStates=${drops}）` : ''}`,
  ],
  [
    /^the firewall of (.+) drops ESP \(IP protocol 50\) from (\S+): (.+)$/,
    (here, from, rule) => `${here} のファイアウォールが ${from} からの ESP（IP プロトコル 50）を破棄しています: ${rule}`,
  ],
  [
    /^the firewall of (.+) drops VXLAN \(4789\/udp\) from (\S+): (.+)$/,
    (here, from, rule) => `${here} のファイアウォールが ${from} からの VXLAN（4789/udp）を破棄しています: ${rule}`,
  ],
  [
    /^no answer across nodes on encrypted network (.+) \((.+) → (.+)\): check ESP \(IP protocol 50\) between the nodes and `ip xfrm state` on both$/,
    (nets, here, there) =>
      `暗号化ネットワーク ${nets} でノードをまたぐと応答がありません（${here} → ${there}）: ノード間の ESP（IP プロトコル 50）と、両方の \`ip xfrm state\` を確認してください`,
  ],
  [
    /^no answer across nodes \((.+) → (.+)\): check 4789\/udp and 7946\/tcp\+udp between them$/,
    (here, there) => `ノードをまたぐと応答がありません（${here} → ${there}）: ノード間の 4789/udp と 7946/tcp+udp を確認してください`,
  ],
];

const DETAILS: readonly Sentence[] = [
  [/^probe did not run$/, () => 'プローブを実行していません'],
  [/^not resolved$/, () => '解決されませんでした'],
  [/^no address$/, () => 'アドレスがありません'],
  [/^no connection attempted$/, () => '接続を試していません'],
  [
    /^resolves to (.+); no port known \(EXPOSE, -c FILE or --port\), so no connection was tried$/,
    (addrs) => `${addrs} に解決されます。ポートが分からない（EXPOSE、-c FILE、--port のいずれもない）ため、接続は試していません`,
  ],
  [/^(\d+) address\(es\) answered: (.+)$/, (n, addrs) => `${n} 個のアドレスが応答しました: ${addrs}`],
];

function first(table: readonly Sentence[], text: string): string | undefined {
  for (const [re, ja] of table) {
    const m = re.exec(text);
    if (m) return ja(...m.slice(1));
  }
  return undefined;
}

export function jaPortSource(source: string): string {
  return first(PORT_SOURCE, source) ?? source;
}

export function jaVerifyCause(cause: string): string {
  return first(CAUSES, cause) ?? cause;
}

/** What a probe saw: a whole sentence, or "ADDRESS: outcome" parts joined with "; " and "… answered". */
export function jaVerifyDetail(detail: string): string {
  const whole = first(DETAILS, detail);
  if (whole !== undefined) return whole;
  return detail
    .split('; ')
    .map((part) => {
      const answered = /^(.+) answered$/.exec(part);
      if (answered?.[1] !== undefined) return `${answered[1]} は応答しました`;
      const m = /^([^\s:]+|\[[^\]]+\]): (refused|timeout|unreachable|error)$/.exec(part);
      return m?.[1] !== undefined && m[2] !== undefined ? `${m[1]}: ${JA_PROBE_STATUS[m[2]] ?? m[2]}` : part;
    })
    .join('、');
}
