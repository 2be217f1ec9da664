// `stack verify` in Japanese: the result words of the probe table, and by id (src/stack/messages.ts) where a port came
// from, what each probe saw and the diagnosis of a failure (src/stack/verify-cause.ts). Service, node and network
// names, addresses, ports, kernel options, firewall rules and commands are values, put in as they are.

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

const STALE_VIP =
  '古い VIP: {service}（endpoint_mode dnsrr）の名前が、実行中のタスク {running} 個に対して {count} 個のアドレスに解決されます。{stale} はどのタスクのものでもなく、応答しません。endpoint mode をその場で変更した（vip → dnsrr）ために Swarm の DNS に残ったものです。対処: サービスを削除して（`docker service rm {service}` または `swarmguard stack rm {stack}`）、スタックをデプロイし直してください';
const REFUSED = '接続が拒否されました: {service} のタスクでポート {port} を待ち受けているものがありません';
const NO_SA = '通信が破棄されています: 暗号化ネットワーク {networks} で {node} から {peers} への IPsec の SA がありません';

export const JA_VERIFY: Readonly<Record<string, string>> = {
  'stack.verify.port.flag': '{flag}',
  'stack.verify.port.compose': 'compose ファイル',
  'stack.verify.port.published': 'サービスの公開ポート',
  'stack.verify.port.expose': '{image} の EXPOSE',
  'stack.verify.detail.notRun': 'プローブを実行していません',
  'stack.verify.detail.unfinished': 'プローブが最後まで実行されませんでした: {output}',
  'stack.verify.detail.noOutput': '出力なし',
  'stack.verify.detail.notResolved': '解決されませんでした',
  'stack.verify.detail.noAttempt': '接続を試していません',
  'stack.verify.detail.dnsOnly': '{addresses} に解決されます。ポートが分からない（EXPOSE、-c FILE、--port のいずれもない）ため、接続は試していません',
  'stack.verify.detail.answered': '{count} 個のアドレスが応答しました: {addresses}',
  'stack.verify.detail.failedAt': '{address}: {outcome}',
  'stack.verify.detail.othersAnswered': '{addresses} は応答しました',
  'stack.verify.outcome.refused': '拒否',
  'stack.verify.outcome.timeout': 'タイムアウト',
  'stack.verify.outcome.unreachable': '到達不能',
  'stack.verify.outcome.error': 'エラー',
  'stack.verify.cause.staleVip.one': STALE_VIP,
  'stack.verify.cause.staleVip.other': STALE_VIP,
  'stack.verify.cause.dnsNoTask': '名前解決に失敗: {service} に実行中のタスクがありません',
  'stack.verify.cause.dnsNoNetwork': '名前解決に失敗: {service} はこのタスクと同じネットワークにつながっていません',
  'stack.verify.cause.dnsNotResolved': '名前解決に失敗: 組み込み DNS（127.0.0.11）が {service} を解決しませんでした',
  'stack.verify.cause.refused': REFUSED,
  'stack.verify.cause.refusedFrom': `${REFUSED}（ポートの出どころ: {source}。違う場合は --port を指定してください）`,
  'stack.verify.cause.noIpvs':
    'このノードでは VIP のアドレスに届きません: カーネルに IPVS（ip_vs）がありません。endpoint_mode: dnsrr にするか、IP_VS のあるカーネルを使ってください',
  'stack.verify.cause.noIpvsTasksAnswer':
    'このノードでは VIP のアドレスに届きません: カーネルに IPVS（ip_vs）がありません（タスクのアドレス {tasks} は応答します）。endpoint_mode: dnsrr にするか、IP_VS のあるカーネルを使ってください',
  'stack.verify.cause.sameNode': '同じノード（{node}）の {service} から応答がありません: ポート {port} で待ち受けていて、正常に動いていますか？',
  'stack.verify.cause.noEsp':
    '通信が破棄されています: IPsec の SA がありません。{node} のカーネルに ESP のサポート（CONFIG_INET_ESP）がないため、暗号化ネットワーク {networks} から {peers} に届きません',
  'stack.verify.cause.noSa': NO_SA,
  'stack.verify.cause.noSaDrops': `${NO_SA}（XfrmOutNoStates={drops}）`,
  'stack.verify.cause.firewallEsp': '{node} のファイアウォールが {peer} からの ESP（IP プロトコル 50）を破棄しています: {rule}',
  'stack.verify.cause.firewallVxlan': '{node} のファイアウォールが {peer} からの VXLAN（4789/udp）を破棄しています: {rule}',
  'stack.verify.cause.encryptedAcross':
    '暗号化ネットワーク {networks} でノードをまたぐと応答がありません（{node} → {peers}）: ノード間の ESP（IP プロトコル 50）と、両方の `ip xfrm state` を確認してください',
  'stack.verify.cause.across': 'ノードをまたぐと応答がありません（{node} → {peers}）: ノード間の 4789/udp と 7946/tcp+udp を確認してください',
};
