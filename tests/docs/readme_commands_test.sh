#!/usr/bin/env bash
# The README's shell blocks, run as a reader would run them, against a luma-mock instead of the
# real API (so offline): the tool in five commands, the sqlite3 look at a batch's state file, the
# transcripts of the `luma` section (their `$ ` lines, in order) and the luma-mock block. Blocks
# that cannot run here are named with the reason: the quick start (ReadmeQuickStartRunsOffline
# runs scripts/demo; scripts/test is what runs this) and the install block (root and apt; the
# consumer tests build, install and use the package the same way).
#   readme_commands_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1
build_dir=$(cd "$2" && pwd)
readme="$source_dir/README.md"
work=$(mktemp -d "${TMPDIR:-/tmp}/luma-readme.XXXXXX")
mock_pid=
cleanup() {
  [ -z "$mock_pid" ] || kill "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export PATH="$build_dir/tools:$PATH"
export XDG_STATE_HOME="$work/state"  # luma's journal: never in the real home

# Block N (1-based) of ```sh blocks, as text.
block() {
  awk -v want="$1" '/^```sh$/ { n++; inside = (n == want); next } /^```/ { inside = 0 } inside' \
    "$readme"
}
# The number of the ```sh block whose first line contains TEXT.
block_starting() {
  awk -v text="$1" '/^```sh$/ { n++; first = 1; next }
    first { if (index($0, text)) { print n; exit } first = 0 }' "$readme"
}
fail() { echo "FAIL: $*" >&2; exit 1; }
need_block() { [ -n "$1" ] || fail "the README has no block starting with $2"; }

# One mock for every block, accepting each token the README uses.
"$build_dir/tools/luma-mock" --port 0 --job-seconds 0.3 --accounts 2 \
  --token readme-token --token demo-token --token my-token >"$work/mock.log" 2>&1 &
mock_pid=$!
url=
for _ in $(seq 100); do
  url=$(sed -n 's/^luma-mock listening on //p' "$work/mock.log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || fail "luma-mock did not start: $(cat "$work/mock.log")"
cd "$work"

# The tool in five commands: USEAPI_TOKEN=... becomes the mock's token; the session file names
# an account; prompts.jsonl is the one the `luma batch` transcript shows.
five=$(block_starting 'export USEAPI_TOKEN=...')
need_block "$five" "export USEAPI_TOKEN=..."
echo "email=me@example.com; a-session-cookie" >luma-session.txt
transcript=$(block_starting '$ cat prompts.jsonl')
need_block "$transcript" '$ cat prompts.jsonl'
block "$transcript" | awk '/^\$ cat prompts.jsonl/ { on = 1; next } /^\$ / { on = 0 } on' >prompts.jsonl
[ -s prompts.jsonl ] || fail "no prompts.jsonl in the batch transcript"
block "$five" | sed 's|^export USEAPI_TOKEN=\.\.\.|export USEAPI_TOKEN=readme-token|' >five.sh
USEAPI_LUMA_BASE_URL=$url bash -e five.sh >five.log 2>&1 || { cat five.log; fail "the five commands"; }
[ "$(find foxes -name '*.png' | wc -l)" = 4 ] || fail "luma image left no 4 pictures in foxes/"
[ "$(find clips -name '*.mp4' | wc -l)" -ge 1 ] || fail "luma video left no video in clips/"
grep -q '"status":"completed"' batch/results.jsonl || fail "luma batch left no results"
echo "ok: the tool in five commands"

# The state file, as any SQLite tool reads it (the README's out/ is the batch folder here).
sql=$(block_starting 'sqlite3 ')
need_block "$sql" "sqlite3"
if command -v sqlite3 >/dev/null; then
  rows=$(USEAPI_TOKEN= bash -e <(block "$sql" | sed 's|out/batch.db|batch/batch.db|'))
  [ "$(wc -l <<<"$rows")" = "$(wc -l <prompts.jsonl)" ] || fail "sqlite3 read: $rows"
  echo "ok: sqlite3 reads the state file"
else
  echo "not run: the sqlite3 block (no sqlite3 program; scripts/test installs it)"
fi

# Transcripts: their `$ ` lines in order, with the mock's URL for the one they name.
for start in '$ export USEAPI_TOKEN=demo-token' '$ cat prompts.jsonl'; do
  number=$(block_starting "$start")
  need_block "$number" "$start"
  block "$number" | sed -n 's/^\$ //p' | sed "s|http://127.0.0.1:8080/v1/luma|$url|" \
    >"transcript-$number.sh"
  export USEAPI_LUMA_BASE_URL=$url USEAPI_TOKEN=readme-token  # the session of the five commands
  bash "transcript-$number.sh" >"transcript-$number.log" 2>&1 || true
  # Each `echo $?` of a transcript prints what the README shows under it.
  expected=$(block "$number" | awk '/^\$ echo \$\?/ { getline; print }')
  if [ -n "$expected" ]; then
    grep -qx "$expected" "transcript-$number.log" ||
      { cat "transcript-$number.log"; fail "transcript $number: exit code not $expected"; }
  fi
  grep -q "Error\|not found\|unknown" "transcript-$number.log" && [ "$number" = "$transcript" ] &&
    { cat "transcript-$number.log"; fail "transcript $number reported an error"; }
  echo "ok: transcript starting '$start'"
done
[ -f shots/timeline.svg ] || { cat transcript-*.log; fail "luma batch report left no shots/timeline.svg"; }

# The luma-mock block: the program on a free port instead of 8080, then stopped.
mockblock=$(block_starting 'build/tools/luma-mock')
need_block "$mockblock" "build/tools/luma-mock"
command=$(block "$mockblock" | head -n 1 | sed 's|--port 8080|--port 0|; s|^build/|'"$build_dir"'/|')
bash -c "exec $command" >second-mock.log 2>&1 &
second=$!
for _ in $(seq 100); do grep -q "listening on" second-mock.log && break; sleep 0.1; done
kill "$second"
wait "$second" || true
grep -q "listening on http://127.0.0.1:" second-mock.log || fail "the luma-mock block: $(cat second-mock.log)"
echo "ok: the luma-mock block"

echo "not run: the quick start block (ReadmeQuickStartRunsOffline runs scripts/demo; scripts/test runs this)"
echo "not run: the install block (needs root and apt; the consumer tests build and install the same way)"
