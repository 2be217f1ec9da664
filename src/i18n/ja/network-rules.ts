// Japanese texts of the network checks (src/network/checks/): overlay encryption and the node checks
// (firewall, kernel, IPsec). Network names, addresses, ports, counters and firewall rules stay verbatim.
import type { Evidence, Finding } from '../../core/finding.js';
import type { RuleTexts } from './rule-text.js';
import { list, str } from './common.js';

const netName = (f: Finding): string | undefined => (f.target.kind === 'network' ? f.target.name : undefined);
const peers = (e: Evidence): string | undefined =>
  list(e.from)
    ?.map((p) => (p === 'any node' ? '他のノード' : p))
    .join(', ');

const PORT_PURPOSE: Readonly<Record<string, string>> = {
  '2377/tcp': 'マネージャーへのクラスター管理通信（Raft、ノードの参加）',
  '7946/tcp': 'ノード間のゴシップ（ネットワークのコントロールプレーン）',
  '7946/udp': 'ノード間のゴシップ（ネットワークのコントロールプレーン）',
  '4789/udp': 'VXLAN によるオーバーレイのデータ通信',
};

/** The kernel features a kernel-no-ipsec finding names as missing ("no: …") or unknown ("unknown: …"). */
const features = (e: Evidence, state: 'no' | 'unknown'): string[] =>
  Object.entries(e)
    .filter(([, v]) => typeof v === 'string' && v.startsWith(`${state}: `))
    .map(([k]) => k);

export const JA_NETWORK_RULES: Readonly<Record<string, RuleTexts>> = {
  'overlay-not-encrypted': {
    title: 'オーバーレイネットワークが暗号化されていない',
    remediation:
      'ネットワークを暗号化して作成してください。スタックファイルではネットワークに `driver_opts: {encrypted: ""}` を、コマンドラインでは `docker network create --driver overlay --opt encrypted NAME` を指定します。既存のネットワークは変更できないため、スタック（またはそのネットワークを使うサービス）とネットワークを削除してから作り直してください。',
    remediationFor: (e, f) => {
      const stack = str(e.stack);
      if (stack !== undefined)
        return `${stack} のスタックファイルでこのネットワークに \`driver_opts: {encrypted: ""}\` を指定し、\`docker stack rm ${stack}\` のあと再度デプロイしてください（ネットワークが作り直されます）。`;
      const name = netName(f);
      if (name === undefined) return undefined;
      return `このネットワークを使うサービスを削除してから実行してください: docker network rm ${name} && docker network create --driver overlay --opt encrypted${e.attachable === true ? ' --attachable' : ''}${e.internal === true ? ' --internal' : ''} ${name}`;
    },
    message: (e, f) => {
      const name = netName(f);
      if (name === undefined) return undefined;
      const services = list(e.services);
      return `オーバーレイネットワーク ${name} は暗号化されておらず、ノード間の通信が経路上で読み取れます${services && services.length > 0 ? `（サービス: ${services.join(', ')}）` : ''}`;
    },
  },
  'overlay-encryption-option-misplaced': {
    title: '暗号化のオプションがオーバーレイドライバーの読まない場所に書かれている',
    remediation:
      'ドライバーのオプションに移してください。スタックファイルでは（`ipam.options` や `labels` ではなく）`driver_opts: {encrypted: ""}`、コマンドラインでは `docker network create --opt encrypted` です。そのうえでネットワークを作り直してください。',
    message: (e, f) => {
      const found = list(e.found);
      const name = netName(f);
      if (found === undefined || name === undefined) return undefined;
      return `ネットワーク ${name} には ${found.join(', ')} がありますが Options.encrypted がなく、暗号化されて「いません」`;
    },
  },
  'ingress-not-encrypted': {
    title: 'ingress（ルーティングメッシュ）ネットワークが暗号化されていない',
    remediation: [
      'ingress を暗号化して作り直してください（その間、公開ポートは使えません）:',
      '1. ingress モードでポートを公開しているサービスをすべて削除するか、公開ポートを外します（`docker service ls` で確認し、`docker service update --publish-rm PORT SVC` または `docker stack rm`）。',
      '2. `docker network rm ingress`（y と答えます）。',
      '3. `docker network create --driver overlay --ingress --opt encrypted --subnet 10.0.0.0/24 --gateway 10.0.0.1 ingress`（サブネットを変えている場合はそれに合わせます）。',
      '4. サービスを再度デプロイします。',
    ].join(' '),
    message: (_e, f) =>
      netName(f) === undefined
        ? undefined
        : `ルーティングメッシュのネットワーク ${netName(f)} は暗号化されておらず、公開ポートへのリクエストはノード間を平文の VXLAN で流れます`,
  },
  'node-esp-blocked': {
    title: '他のノードからの ESP（IP プロトコル 50）がファイアウォールで破棄されている',
    remediation:
      '他のノードからの IP プロトコル 50 を許可してください: `iptables -I INPUT -p esp -s NODE_SUBNET -j ACCEPT`（iptables）または `ip saddr NODE_SUBNET ip protocol esp accept`（nftables）。firewalld なら `firewall-cmd --permanent --add-protocol=esp`、ufw なら `ufw allow proto esp from NODE_SUBNET` です。',
    message: (e) => (peers(e) === undefined ? undefined : `${peers(e)} からの ESP（IP プロトコル 50）が破棄されており、暗号化オーバーレイの通信が届きません`),
  },
  'node-swarm-port-blocked': {
    title: 'Swarm がノード間で必要とするポートがファイアウォールで破棄されている',
    remediation:
      'そのポートを他のノードからだけ許可してください（全体には開けない）。例: `iptables -I INPUT -s NODE_SUBNET -p udp --dport 4789 -j ACCEPT`、nftables なら `ip saddr NODE_SUBNET udp dport { 7946, 4789 } accept; ip saddr NODE_SUBNET tcp dport { 2377, 7946 } accept`。',
    message: (e) => {
      const port = str(e.port);
      if (port === undefined || peers(e) === undefined) return undefined;
      return `${port}（${PORT_PURPOSE[port] ?? 'Swarm の通信'}）が ${peers(e)} から破棄されています`;
    },
  },
  'node-port-50-instead-of-esp': {
    title: 'ファイアウォールが ESP ではなく TCP/UDP の 50 番ポートを開けている',
    remediation:
      '50 番ポートのルールをプロトコルのルールに置き換えてください: `-p esp`（iptables、`-p 50` と同じ）または `ip protocol esp` / `meta l4proto esp`（nftables）。firewalld では `--add-port=50/udp` ではなく `--add-protocol=esp` です。',
    message: (e) =>
      typeof e.espDropped !== 'boolean'
        ? undefined
        : `ファイアウォールが TCP/UDP の 50 番ポートを許可しています。ESP はポートではなく IP プロトコル 50 です${e.espDropped ? '。しかも ESP 自体は破棄されています' : '（ESP は別のルールで許可されています）'}`,
  },
  'node-firewall-unread': {
    title: 'このノードのファイアウォールのルールを読めなかった',
    remediation: 'ノード上で root として、iptables か nft をインストールした状態で実行するか、ルールを手作業で確認してください。',
    message: (e) => {
      const errors = list(e.errors);
      if (errors === undefined) return undefined;
      return `ファイアウォールのルールを読めませんでした: ${errors.length > 0 ? errors.join('; ') : 'iptables も nft もありません'}`;
    },
  },
  'kernel-no-ipsec': {
    title: '暗号化オーバーレイに必要な IPsec をカーネルが扱えない',
    remediation:
      'CONFIG_INET_ESP、CONFIG_XFRM_USER、CONFIG_CRYPTO_GCM を備えたカーネルを使ってください（モジュールなら `modprobe esp4 xfrm_user gcm` で読み込み、/etc/modules-load.d/ で起動時に読み込ませます）。それまでは、このノードでノード間通信が必要なサービスに暗号化オーバーレイは使えません。',
    message: (e) => {
      const kernel = str(e.kernel);
      if (kernel === undefined) return undefined;
      const missing = features(e, 'no');
      if (missing.length > 0) {
        const inUse = list(e.encryptedNetworks) ?? [];
        return `カーネル ${kernel} には ${missing.join(', ')} がなく、他のノードとの暗号化オーバーレイの通信は破棄されます${inUse.length > 0 ? `（使用中の暗号化ネットワーク: ${inUse.join(', ')}）` : ''}`;
      }
      return `カーネル ${kernel} に ${features(e, 'unknown').join(', ')} があるかどうか判断できませんでした`;
    },
  },
  'kernel-no-xt-u32': {
    title: 'カーネルに xt_u32 がなく、暗号化オーバーレイが安全でないか使えない',
    remediation:
      'モジュールを読み込む（`modprobe xt_u32` を実行し、/etc/modules-load.d/ に記載する）か、CONFIG_NETFILTER_XT_MATCH_U32 を備えたカーネルを使ってください。いずれにせよエンジンは 20.10.24 / 23.0.3 以降にアップグレードしてください。',
    message: (e) => {
      if (!('engineVersion' in e)) return undefined;
      const version = str(e.engineVersion);
      const fixed = typeof e.engineRefusesPlaintext === 'boolean' ? e.engineRefusesPlaintext : undefined;
      if (fixed === false)
        return `xt_u32 がなく、エンジンは ${version} です。「暗号化」オーバーレイの通信が平文のままこのノードから送出されます（CVE-2023-28841）`;
      return `xt_u32 がないため、エンジン${version !== undefined ? ` ${version}` : ''}はこのノードのタスクを暗号化オーバーレイに接続できません${fixed === undefined ? '（エンジンのバージョンが不明です。古いエンジンは平文で送出します）' : ''}`;
    },
  },
  'kernel-no-ipvs': {
    title: 'カーネルに IPVS がなく、このノードではサービスの VIP にルーティングされない',
    remediation:
      'CONFIG_IP_VS を備えたカーネルを使う（`modprobe ip_vs`）か、サービスを `deploy: {endpoint_mode: dnsrr}` でデプロイしてください（DNS ラウンドロビン: 名前はタスクのアドレスに解決されます。ingress モードのポート公開はできません）。',
  },
  'ipsec-sa-missing': {
    title: '暗号化オーバーレイを共有するノードへの IPsec SA がない',
    remediation:
      'カーネルに ESP/xfrm_user/GCM があること（kernel-no-ipsec を参照）、ノード間で ESP と 7946 番ポートが開いていること（鍵はゴシップで配布されます）を確認し、両方のノードで `docker network inspect` とエンジンのログを確認してください。タスクを再起動すると SA が設定し直されます。',
    message: (e, f) => {
      const missing = list(e.missing);
      const nets = list(e.networks);
      if (missing !== undefined && nets !== undefined) {
        return `${missing.join(' と ')} の ESP SA がありません（ノード ${str(e.peer)}）。これらのノード間の ${nets.join(', ')} の通信は破棄されます`;
      }
      const errors = list(e.errors);
      if (errors === undefined) return undefined;
      return `IPsec SA を読めませんでした（${errors.join('; ') || 'ip xfrm state が失敗しました'}）。ノード ${f.target.kind === 'node' ? f.target.hostname : ''} は暗号化オーバーレイを他のノードと共有しています`;
    },
  },
  'xfrm-drops': {
    title: 'このノードで IPsec がパケットを破棄している',
    remediation: 'ipsec-sa-missing と kernel-no-ipsec を参照してください。両方向の SA がそろえばカウンターは増えなくなります。',
  },
};
