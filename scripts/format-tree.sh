#!/usr/bin/env bash
# Formats the whole tree once, in a commit of its own (issue 14, item 6). Run by the integrator
# on main after every branch is merged, on a clean checkout:
#   scripts/format-tree.sh            # rewrites, checks, commits
#   scripts/format-tree.sh --no-commit
# It runs ESLint's fixes (prefer-const and the like), then Prettier (.prettierrc.json: 140
# columns, single quotes, trailing commas), then checks that lint, the typecheck and the unit
# tests still pass before committing. Formatting changes no behaviour; the unit tests and the
# typecheck are the guard against a fix that would.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
  echo "format-tree: the working tree has uncommitted changes; commit or stash them first" >&2
  exit 1
fi

echo "== eslint --fix"
npx eslint --fix . || true # what it cannot fix is reported by the lint below
echo "== prettier --write (twice: a few signatures settle only on the second pass)"
npx prettier --write . --log-level warn
npx prettier --write . --log-level warn

echo "== lint (eslint and prettier --check)"
npm run lint
echo "== typecheck"
npm run typecheck
echo "== unit tests"
nice -n 10 npx vitest run test/unit

git diff --shortstat
if [[ "${1:-}" != "--no-commit" ]]; then
  git add -u
  git commit -q -m "Format the whole tree with Prettier (printWidth 140) and ESLint's fixes; no other change"
  git log --oneline -1
fi
