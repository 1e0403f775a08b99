#!/usr/bin/env bash
# The README's quick start as a new user runs it: `scripts/demo` in a shell where USEAPI_TOKEN is
# set (here to a dummy value) must leave its files without one request leaving the machine. The
# demo runs in a network namespace of its own with only loopback up (unshare -n, as root), so
# any request to the real API fails it; where that is not allowed, every non-loopback request
# goes to a dead proxy instead, which fails it the same way.
#   quickstart_offline_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1
build_dir=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/luma-quickstart.XXXXXX")
trap 'rm -rf "$work"' EXIT
out="$work/demo-output"
export XDG_STATE_HOME="$work/state"  # luma's journal: never in the real home

isolated=()
if unshare -n true 2>/dev/null && command -v ip >/dev/null; then
  isolated=(unshare -n bash -c 'ip link set lo up && exec "$@"' _)
  echo "network: a namespace of its own, loopback only"
else
  echo "network: not isolated (unshare -n not allowed); non-loopback requests go to a dead proxy"
  export https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 \
    HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost
fi

env USEAPI_TOKEN=dummy-token-of-a-real-user USEAPI_LUMA_BASE_URL= \
  BUILD_DIR="$build_dir" DEMO_OUTPUT="$out" \
  "${isolated[@]}" "$source_dir/scripts/demo" >"$work/demo.log" 2>&1 || {
  cat "$work/demo.log"
  echo "FAIL: scripts/demo failed" >&2
  exit 1
}

fail=0
expect() {  # expect DESCRIPTION COUNT FIND-ARGS...
  local what=$1 want=$2
  shift 2
  local got
  got=$(find "$out" -type f "$@" | wc -l)
  if [ "$got" -lt "$want" ]; then
    echo "FAIL: $what: $got files, expected at least $want" >&2
    fail=1
  fi
}
expect "the image example's pictures" 4 -path "$out/images/*" -name '*.png'
expect "the video example's video" 1 -path "$out/video/*" -name '*.mp4'
expect "the batch's files" 6 -path "$out/batch/*" \( -name '*.png' -o -name '*.mp4' \)
expect "the batch's results" 1 -path "$out/batch/results.jsonl"
expect "the batch's timeline" 1 -path "$out/batch/timeline.svg"
expect "luma's journal, in the demo's folder" 1 -path "$out/state/luma/journal.db"
if grep -q "api.useapi.net" "$work/demo.log"; then
  echo "FAIL: the demo talked of the real API:" >&2
  grep "api.useapi.net" "$work/demo.log" >&2
  fail=1
fi
[ "$fail" = 0 ] || { cat "$work/demo.log"; exit 1; }
echo "quick start: every file made offline"
