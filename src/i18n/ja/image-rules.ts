// Japanese texts of the image lint rules: title and remediation. Each occurrence's message is said by id
// (src/imagelint/messages.ts, its Japanese in imagelint.ts).
import type { RuleTexts } from './rule-text.js';

export const JA_IMAGE_RULES: Readonly<Record<string, RuleTexts>> = {
  'image-runs-as-root': {
    title: 'イメージが root で動く',
    remediation: 'Dockerfile でユーザーを作成し、`USER 名前`（または数値の UID）を指定してください。',
  },
  'image-no-healthcheck': {
    title: 'イメージに HEALTHCHECK がない',
    remediation: 'HEALTHCHECK 命令を追加してください（またはスタックファイルに healthcheck を書いてください）。',
  },
  'image-shell-present': {
    title: 'イメージにシェルが含まれている',
    remediation: '最小構成のベースイメージ（distroless、scratch）でビルドし、コードを実行できた攻撃者にもシェルを使わせないようにしてください。',
  },
  'image-package-manager': {
    title: 'イメージにパッケージマネージャーが含まれている',
    remediation: 'マルチステージビルドにして、パッケージマネージャーはビルドステージだけに残してください。',
  },
  'image-setuid-files': {
    title: 'イメージに setuid/setgid ファイルがある',
    remediation: 'ビットを外してください: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`',
  },
  'image-secret-in-env': {
    title: 'イメージの環境変数にシークレットがある',
    remediation: 'シークレットを ENV に焼き込まないでください。実行時に Docker シークレット（/run/secrets 以下のファイル）として渡してください。',
  },
  'image-secret-in-labels': {
    title: 'イメージのラベルにシークレットがある',
    remediation: 'ラベルから認証情報を削除してください。',
  },
  'image-secret-in-history': {
    title: 'ビルド履歴にシークレットがある',
    remediation: 'ARG や ENV の値ではなくビルドシークレット（`RUN --mount=type=secret`）を使ってください。履歴には値が残ります。',
  },
  'image-secret-file': {
    title: 'イメージに認証情報のファイルがある',
    remediation: '鍵や認証情報のファイルをイメージから削除し、実行時にシークレットとしてマウントしてください。',
  },
  'image-add-remote': {
    title: 'URL またはアーカイブの ADD',
    remediation: 'ローカルのファイルには COPY を使い、ダウンロードはチェックサムを検証する RUN ステップで行ってください。',
  },
  'image-update-alone': {
    title: 'パッケージインデックスの更新とインストールが別のステップにある',
    remediation: '`apt-get update && apt-get install …` を一つの RUN ステップで実行してください。',
  },
  'image-package-cache': {
    title: 'パッケージマネージャーのキャッシュがイメージに残っている',
    remediation: '同じステップで削除してください: `rm -rf /var/lib/apt/lists/*`、`apk add --no-cache`、`pip install --no-cache-dir`。',
  },
  'image-not-pinned': {
    title: 'イメージがバージョンもダイジェストもなしで参照されている',
    remediation: 'イメージはバージョンタグとダイジェストで参照してください（name:1.2@sha256:…）。',
  },
  'image-size': {
    title: 'サイズの大きいイメージ',
    remediation: '小さなベースイメージとマルチステージビルドを使ってください。パッケージが減れば脆弱性も減ります。',
  },
  'image-registry-not-allowed': {
    title: '許可されていないレジストリのイメージ',
    remediation: 'ベースイメージやサービスのイメージは、信頼できるレジストリ（imageLint.allowedRegistries）からだけ取得してください。',
  },
};
