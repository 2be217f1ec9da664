// Japanese for the messages of src/cli/bench-messages.ts, by id.
export const JA_BENCH_CLI: Readonly<Record<string, string>> = {
  'benchcmd.pattern': '{flag}: "{value}" は正しいパターンではありません',
  'benchcmd.pattern.hint': 'コンテナ名に照合する正規表現です（例: ^web）',
  'benchcmd.cis': '--cis: "{version}" は swarmguard が知っている CIS Docker Benchmark の版ではありません',
  'benchcmd.cis.hint': '{versions} のいずれかを指定してください',
  'benchcmd.dockerBench': '--format docker-bench が書くのは CIS Docker Benchmark 1.6.0 の ID（docker-bench-security のもの）で、{version} ではありません',
  'benchcmd.dockerBench.hint': '{version} の ID には --format json --cis {version} を使ってください',
  'benchcmd.checksDeprecated': '警告: bench の -c/--checks は非推奨です（ほかのコマンドでは -c は compose ファイルを指します）。--check を使ってください',
  'benchcmd.timeout': '--timeout: "{value}" は正の秒数ではありません',
  'benchcmd.reap': 'reap: --service には swarmguard のジョブ（swarmguard-bench-XXXXXX）を指定してください',
  'benchcmd.fixAllNodes': 'bench fix --all-nodes で適用できるのは監査の修正だけです',
  'benchcmd.fixAllNodes.hint':
    '`swarmguard bench fix --all-nodes --apply audit` を使ってください。daemon.json の変更はノードごとに再起動が必要なので、1 ノードずつ行ってください',
  'benchcmd.auditDir': '--audit-dir: "{value}" はノード上の絶対パスでなければなりません',
  'benchcmd.compare': '--compare-cis には CIS Docker Benchmark の版を 2 つ指定します（指定: "{versions}"）',
  'benchcmd.compare.hint': '例: --compare-cis 1.6.0 {latest}（版: {versions}）',
  'benchcmd.compareHere': '--compare-cis はこのホストでだけ実行できます',
  'benchcmd.compareHere.hint': '各ノードで実行するか、--all-nodes の 2 回の実行を比べてください',
};
