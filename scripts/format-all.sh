#!/usr/bin/env bash
# Formats the whole tree once with Prettier and applies ESLint's safe automatic fixes, then prints the
# lint problems left, per rule. Run it on main after the branches are merged (not while others edit
# the tree), review the diff, commit it as one formatting commit.
#   bash scripts/format-all.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -z "$(git status --porcelain)" ] || { echo "error: the work tree has uncommitted changes; commit or stash them first" >&2; exit 1; }

npm run --silent format
npx eslint --fix src test bench bin eslint.config.js vitest.config.ts >/dev/null || true
# A second Prettier pass: some ESLint fixes change layout.
npm run --silent format >/dev/null

echo "changed: $(git diff --shortstat)"
report=$(mktemp)
npx eslint --format json src test bench bin eslint.config.js vitest.config.ts >"$report" || true
node -e '
  const files = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const byRule = new Map();
  for (const f of files) for (const m of f.messages) byRule.set(m.ruleId ?? "(parse error)", (byRule.get(m.ruleId ?? "(parse error)") ?? 0) + 1);
  const total = [...byRule.values()].reduce((a, b) => a + b, 0);
  console.log(`lint problems left for their owners to fix: ${total}`);
  for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(6)}  ${rule}`);
' "$report"
rm -f "$report"
