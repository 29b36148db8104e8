#!/usr/bin/env bash
# `bash bench/at-commits.sh <commit>...`: the in-process cycle and the retained heap at
# each commit, measured with this checkout's bench/ code in a throwaway worktree, so that
# a series of changes can be compared one step at a time. Prints the rows of each run.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)/steps
git -C "$root" worktree add --detach "$work" HEAD >/dev/null 2>&1
trap 'rm -f "$work/node_modules"; git -C "$root" worktree remove --force "$work"' EXIT
ln -s "$root/node_modules" "$work/node_modules"
for commit in "$@"; do
  hash=$(git -C "$root" rev-parse --short "$commit")
  git -C "$work" checkout -q --detach "$hash"
  rm -rf "$work/bench" && cp -r "$root/bench" "$work/bench"
  (cd "$work" && npx tsup >/dev/null 2>&1)
  echo "=== $hash $(git -C "$root" log -1 --format=%s "$hash")"
  (cd "$work" && node bench/run.mjs --only=inprocess,heap 2>/dev/null |
    grep -E "^ +(read|write|new) |^ +ours +[0-9]") || true
  git -C "$work" checkout -q -- . && git -C "$work" clean -qfd bench
done
