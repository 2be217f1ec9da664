// Japanese texts of the network checks (src/network/checks/): overlay encryption and the node checks
// (firewall, kernel, IPsec). Their messages are said by id (src/i18n/ja/network.ts); here are the titles and
// remediations. Network names, addresses, ports and firewall rules stay verbatim.
import type { Finding } from '../../core/finding.js';
import type { RuleTexts } from './rule-text.js';
import { str } from './common.js';

const netName = (f: Finding): string | undefined => (f.target.kind === 'network' ? f.target.name : undefined);

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
  },
  'overlay-encryption-option-misplaced': {
    title: '暗号化のオプションがオーバーレイドライバーの読まない場所に書かれている',
    remediation:
      'ドライバーのオプションに移してください。スタックファイルでは（`ipam.options` や `labels` ではなく）`driver_opts: {encrypted: ""}`、コマンドラインでは `docker network create --opt encrypted` です。そのうえでネットワークを作り直してください。',
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
  },
  'node-esp-blocked': {
    title: '他のノードからの ESP（IP プロトコル 50）がファイアウォールで破棄されている',
    remediation:
      '他のノードからの IP プロトコル 50 を許可してください: `iptables -I INPUT -p esp -s NODE_SUBNET -j ACCEPT`（iptables）または `ip saddr NODE_SUBNET ip protocol esp accept`（nftables）。firewalld なら `firewall-cmd --permanent --add-protocol=esp`、ufw なら `ufw allow proto esp from NODE_SUBNET` です。',
  },
  'node-swarm-port-blocked': {
    title: 'Swarm がノード間で必要とするポートがファイアウォールで破棄されている',
    remediation:
      'そのポートを他のノードからだけ許可してください（全体には開けない）。例: `iptables -I INPUT -s NODE_SUBNET -p udp --dport 4789 -j ACCEPT`、nftables なら `ip saddr NODE_SUBNET udp dport { 7946, 4789 } accept; ip saddr NODE_SUBNET tcp dport { 2377, 7946 } accept`。',
  },
  'node-port-50-instead-of-esp': {
    title: 'ファイアウォールが ESP ではなく TCP/UDP の 50 番ポートを開けている',
    remediation:
      '50 番ポートのルールをプロトコルのルールに置き換えてください: `-p esp`（iptables、`-p 50` と同じ）または `ip protocol esp` / `meta l4proto esp`（nftables）。firewalld では `--add-port=50/udp` ではなく `--add-protocol=esp` です。',
  },
  'node-firewall-unread': {
    title: 'このノードのファイアウォールのルールを読めなかった',
    remediation: 'ノード上で root として、iptables か nft をインストールした状態で実行するか、ルールを手作業で確認してください。',
  },
  'kernel-no-ipsec': {
    title: '暗号化オーバーレイに必要な IPsec をカーネルが扱えない',
    remediation:
      'CONFIG_INET_ESP、CONFIG_XFRM_USER、CONFIG_CRYPTO_GCM を備えたカーネルを使ってください（モジュールなら `modprobe esp4 xfrm_user gcm` で読み込み、/etc/modules-load.d/ で起動時に読み込ませます）。それまでは、このノードでノード間通信が必要なサービスに暗号化オーバーレイは使えません。',
  },
  'kernel-no-xt-u32': {
    title: 'カーネルに xt_u32 がなく、暗号化オーバーレイが安全でないか使えない',
    remediation:
      'モジュールを読み込む（`modprobe xt_u32` を実行し、/etc/modules-load.d/ に記載する）か、CONFIG_NETFILTER_XT_MATCH_U32 を備えたカーネルを使ってください。いずれにせよエンジンは 20.10.24 / 23.0.3 以降にアップグレードしてください。',
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
  },
  'xfrm-drops': {
    title: 'このノードで IPsec がパケットを破棄している',
    remediation: 'ipsec-sa-missing と kernel-no-ipsec を参照してください。両方向の SA がそろえばカウンターは増えなくなります。',
  },
};
