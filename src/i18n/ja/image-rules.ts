// Japanese texts of the image lint rules: title, remediation and each occurrence's message from its evidence
// (and the listed files). Image references, paths, names and numbers are never translated.
import type { RuleTexts } from './compose-rules.js';
import { jaSecretKind, list, str } from './common.js';

const files = (items: readonly string[] | undefined): string => (items ?? []).join(', ');

export const JA_IMAGE_RULES: Readonly<Record<string, RuleTexts>> = {
  'image-runs-as-root': {
    title: 'イメージが root で動く',
    remediation: 'Dockerfile でユーザーを作成し、`USER 名前`（または数値の UID）を指定してください。',
    message: (e) =>
      e.user === null || e.user === undefined ? 'USER の指定がなく、イメージは root で動きます' : `イメージは ${str(e.user)} で動きます（root 権限）`,
  },
  'image-no-healthcheck': {
    title: 'イメージに HEALTHCHECK がない',
    remediation: 'HEALTHCHECK 命令を追加してください（またはスタックファイルに healthcheck を書いてください）。',
    message: () => 'HEALTHCHECK が定義されていません',
  },
  'image-shell-present': {
    title: 'イメージにシェルが含まれている',
    remediation: '最小構成のベースイメージ（distroless、scratch）でビルドし、コードを実行できた攻撃者にもシェルを使わせないようにしてください。',
    message: (_e, f) => (f.items?.length ? `イメージ内のシェル: ${files(f.items)}` : undefined),
  },
  'image-package-manager': {
    title: 'イメージにパッケージマネージャーが含まれている',
    remediation: 'マルチステージビルドにして、パッケージマネージャーはビルドステージだけに残してください。',
    message: (_e, f) => (f.items?.length ? `イメージ内のパッケージマネージャー: ${files(f.items)}` : undefined),
  },
  'image-setuid-files': {
    title: 'イメージに setuid/setgid ファイルがある',
    remediation: 'ビットを外してください: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`',
    message: (_e, f) => (f.items?.length ? `setuid/setgid ファイルが ${f.items.length} 個あります` : undefined),
  },
  'image-secret-in-env': {
    title: 'イメージの環境変数にシークレットがある',
    remediation: 'シークレットを ENV に焼き込まないでください。実行時に Docker シークレット（/run/secrets 以下のファイル）として渡してください。',
    message: (e) => (str(e.variable) === undefined ? undefined : `ENV ${str(e.variable)} に${jaSecretKind(e.kindId)}が含まれています（値は表示しません）`),
  },
  'image-secret-in-labels': {
    title: 'イメージのラベルにシークレットがある',
    remediation: 'ラベルから認証情報を削除してください。',
    message: (e) => (str(e.label) === undefined ? undefined : `ラベル ${str(e.label)} に${jaSecretKind(e.kindId)}が含まれています（値は表示しません）`),
  },
  'image-secret-in-history': {
    title: 'ビルド履歴にシークレットがある',
    remediation: 'ARG や ENV の値ではなくビルドシークレット（`RUN --mount=type=secret`）を使ってください。履歴には値が残ります。',
    message: (e) => {
      const step = str(e.step);
      if (step === undefined) return undefined;
      if (str(e.variable) !== undefined) return `履歴のステップ ${step} で ${str(e.variable)} にリテラル値を設定しています（値は表示しません）`;
      return `履歴のステップ ${step} に${jaSecretKind(e.kindId)}が含まれています（値は表示しません）`;
    },
  },
  'image-secret-file': {
    title: 'イメージに認証情報のファイルがある',
    remediation: '鍵や認証情報のファイルをイメージから削除し、実行時にシークレットとしてマウントしてください。',
    message: (e) => (str(e.file) === undefined ? undefined : `${str(e.file)}: ${jaSecretKind(e.kindId)}を含むファイルです（内容は表示しません）`),
  },
  'image-add-remote': {
    title: 'URL またはアーカイブの ADD',
    remediation: 'ローカルのファイルには COPY を使い、ダウンロードはチェックサムを検証する RUN ステップで行ってください。',
    message: (e) => (str(e.step) === undefined ? undefined : `履歴のステップ ${str(e.step)} で URL またはアーカイブを ADD しています`),
  },
  'image-update-alone': {
    title: 'パッケージインデックスの更新とインストールが別のステップにある',
    remediation: '`apt-get update && apt-get install …` を一つの RUN ステップで実行してください。',
    message: (e) => (str(e.step) === undefined ? undefined : `履歴のステップ ${str(e.step)} でパッケージインデックスの更新だけを行っています`),
  },
  'image-package-cache': {
    title: 'パッケージマネージャーのキャッシュがイメージに残っている',
    remediation: '同じステップで削除してください: `rm -rf /var/lib/apt/lists/*`、`apk add --no-cache`、`pip install --no-cache-dir`。',
    message: (_e, f) => (f.items?.length ? `パッケージキャッシュのファイルが残っています（例: ${f.items[0]}）` : undefined),
  },
  'image-not-pinned': {
    title: 'イメージがバージョンもダイジェストもなしで参照されている',
    remediation: 'イメージはバージョンタグとダイジェストで参照してください（name:1.2@sha256:…）。',
    message: (e, f) => {
      if (f.target.kind !== 'image' || !('tag' in e)) return undefined;
      return e.tag === null ? `${f.target.ref} にはタグもダイジェストもありません` : `${f.target.ref} は latest タグで、ダイジェストの指定がありません`;
    },
  },
  'image-size': {
    title: 'サイズの大きいイメージ',
    remediation: '小さなベースイメージとマルチステージビルドを使ってください。パッケージが減れば脆弱性も減ります。',
    message: (e) => (str(e.sizeMiB) === undefined ? undefined : `レイヤーの合計が ${str(e.sizeMiB)} MiB あります（上限 ${str(e.maxSizeMiB)} MiB）`),
  },
  'image-registry-not-allowed': {
    title: '許可されていないレジストリのイメージ',
    remediation: 'ベースイメージやサービスのイメージは、信頼できるレジストリ（imageLint.allowedRegistries）からだけ取得してください。',
    message: (e, f) =>
      str(e.registry) === undefined || f.target.kind !== 'image'
        ? undefined
        : `${f.target.ref} の取得元は ${str(e.registry)} で、許可されたレジストリ（${(list(e.allowed) ?? []).join(', ')}）ではありません`,
  },
};
