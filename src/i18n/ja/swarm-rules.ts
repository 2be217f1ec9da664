// Japanese texts of the live Swarm checks: the swarm audit (src/audit/swarm-checks.ts) and the findings of
// `stack verify` (src/stack/verify.ts), both in the "swarm" category. Names, ports, versions stay as they are.
// The swarm audit's checks say their messages by id (Japanese in notes.ts): here are their titles and remediations.
import type { Finding } from '../../core/finding.js';
import { saidOf } from '../../core/message.js';
import { localizeMessage } from '../user-errors.js';
import { list, str } from './common.js';
import { withText, type RuleTexts } from './rule-text.js';

const svc = (f: Finding): string | undefined => (f.target.kind === 'service' ? f.target.name : undefined);
const stack = (f: Finding): string => (f.target.kind === 'service' && f.target.stack !== undefined ? f.target.stack : 'STACK');

const PROBE_STATUS: Readonly<Record<string, string>> = {
  'DNS failed': '名前解決に失敗しました',
  refused: '接続が拒否されました',
  timeout: '接続がタイムアウトしました',
  unreachable: '宛先に到達できません',
  error: 'エラーになりました',
  'not run': 'プローブを実行できませんでした',
};

const pairLabel = (e: Finding['evidence'] & object): string | undefined => {
  const from = str(e.from);
  const to = str(e.to);
  if (from === undefined || to === undefined) return undefined;
  return `${from} → ${to}${str(e.port) !== undefined ? `:${str(e.port)}` : ''}`;
};

export const JA_SWARM_RULES: Readonly<Record<string, RuleTexts>> = {
  'service-secret-in-env': {
    title: 'サービスがシークレットを平文の環境変数で渡している',
    remediation: 'Docker シークレット（compose の `secrets:`）を使い、/run/secrets 以下にマウントしてください。',
  },
  'service-docker-socket': {
    title: 'サービスが Docker ソケットをマウントしている',
    remediation: '/var/run/docker.sock をマウントしないでください。そのコンテナを乗っ取った者がノードを支配できます。',
  },
  'service-no-limits': {
    title: 'サービスにメモリまたは PID 数の上限がない',
    remediation: 'deploy.resources.limits の memory と pids を設定してください。',
  },
  'service-runs-as-root': {
    title: 'サービスが root で動く',
    remediation: 'スタックファイルで `user:` を指定するか、イメージで USER を設定してください。',
  },
  'service-ingress-port': {
    title: 'ルーティングメッシュ経由でポートを公開している',
    remediation: '選んだノードでホストモード（mode: host）で公開するか、プロキシの背後に置いてください。ルーティングメッシュはすべてのノードで応答します。',
  },
  'node-not-ready': {
    title: 'ノードがダウンしている、または Ready でない',
    remediation: 'ノードを復旧させるか、削除してください（`docker node rm`）。エンジンとネットワークを確認してください。',
  },
  'node-drained': {
    title: 'ノードがドレインまたは一時停止されている',
    remediation: 'メンテナンスが終わったらノードを active に戻してください（`docker node update --availability active`）。',
  },
  'engine-version-drift': {
    title: 'ノードごとにエンジンのバージョンが異なる',
    remediation: 'すべてのノードを同じ（最新の）エンジンのバージョンにアップグレードしてください。',
  },
  'stack-service-not-converged': {
    title: 'サービスのタスク数が期待した数に達していない',
    remediation: '`swarmguard stack ps STACK --no-trunc` で原因を確認してください（配置制約、ノードにイメージがない、ヘルスチェックの失敗など）。',
    remediationFor: (_e, f) =>
      `\`swarmguard stack ps ${stack(f)} --no-trunc\` で原因を確認してください（配置制約、ノードにイメージがない、ヘルスチェックの失敗など）。`,
    message: withText('desired', (desired, e, f) => `${svc(f)}: ${str(e.running)}/${desired} タスクが実行中です`),
  },
  'stack-probe-dns-only': {
    title: '名前解決だけを確認した（宛先のポートが不明）',
    remediation: 'ポートを宣言する（イメージの EXPOSE、-c FILE で渡すスタックファイルの ports）か、--port を指定して接続も確認してください。',
    message: (e) => {
      const label = pairLabel(e);
      return label === undefined
        ? undefined
        : `${label}: 名前は ${(list(e.addresses) ?? []).join(', ')} に解決されました。ポートが分からないため接続は確認していません`;
    },
  },
  'stack-probe-not-run': {
    title: 'サービス間の疎通を確認できなかった',
    remediation: '両方のサービスが同じネットワークに接続され、宛先がそのポートで待ち受けているか確認してください。',
    message: (e, f) => probeMessage(e, f),
  },
  'stack-probe-failed': {
    title: 'サービス名による接続に失敗した',
    remediation: '両方のサービスが同じネットワークに接続され、宛先がそのポートで待ち受けているか確認してください。',
    remediationFor: (e, f) => jaSaid(e, f, 'cause'),
    message: (e, f) => probeMessage(e, f),
  },
};

/** The pair, what happened in Japanese, and the diagnosis as the probe gave it (engine and tool output stay verbatim). */
function probeMessage(e: Finding['evidence'] & object, f: Finding): string | undefined {
  const label = pairLabel(e);
  const status = str(e.status);
  if (label === undefined || status === undefined) return undefined;
  const cause = jaSaid(e, f, 'cause');
  const why = cause ?? jaSaid(e, f, 'detail');
  // A diagnosis says what happened itself; without one, the status and what the probe saw.
  if (cause !== undefined) return `${label}: ${cause}`;
  return `${label}: ${PROBE_STATUS[status] ?? status}${why ? `（${why}）` : ''}`;
}

/** An evidence value in Japanese from the message the finding kept for it (src/stack/verify.ts); else as the probe wrote it. */
function jaSaid(e: Finding['evidence'] & object, f: Finding, key: 'cause' | 'detail'): string | undefined {
  const m = saidOf(f, key);
  return m !== undefined ? localizeMessage(m, 'ja') : str(e[key]);
}
