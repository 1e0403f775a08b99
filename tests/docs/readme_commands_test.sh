#!/usr/bin/env bash
# The README's shell blocks, run as a reader would run them, against a luma-mock instead of the
# real API (so offline): the tool in five commands, the sqlite3 look at a batch's state file, the
# transcripts (their `$ ` lines, in order; what they show must be what the commands print), the
# matrix `luma models` prints, the luma-mock block and the first program. The README names one
# mock token (luma-mock's default, which this mock accepts alone) and one port. Blocks
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
# The README's URLs of a luma-mock replaced by the one at $1.
with_url() { sed -E "s|http://127\.0\.0\.1:[0-9]+/v1/luma|$1|g"; }
# What varies from run to run (job ids, the port, media numbers, seconds, sizes), made alike in
# a transcript and in what its commands printed.
normalise() {
  perl -pe 's/j[0-9]{10,}[iv]-u[0-9]+-email:[^:\s]+:[0-9a-f.-]+-bot:luma/JOBID/g;
    s{http://127\.0\.0\.1:[0-9]+}{http://127.0.0.1:PORT}g; s{/media/[0-9]+/}{/media/N/}g;
    s/  [0-9]+s$/  Ns/; s/\([0-9]+ bytes\)/(N bytes)/g'
}
# Each line of the file $1 (a transcript's output as the README shows it: `...` stands for
# anything, on a line of its own for any lines; <file> for a file name) matches a line of the
# file $2, in order; the first that does not is printed.
shown_lines_printed() {
  perl -e '
    open(my $shown, "<", $ARGV[0]) or die; open(my $printed, "<", $ARGV[1]) or die;
    my @lines = <$printed>; chomp @lines; my $at = 0;
    while (my $line = <$shown>) {
      chomp $line; next if $line =~ /^\s*\.\.\.$/;
      my $pattern = quotemeta($line);
      $pattern =~ s/\\\.\\\.\\\./.*/g; $pattern =~ s/\\<file\\>/\\S+/g;
      $at++ while $at < @lines && $lines[$at] !~ /^$pattern$/;
      if ($at == @lines) { print "not printed (or not in this order): $line\n"; exit 1 }
      $at++;
    }' "$1" "$2"
}

# One token and one port throughout: the mock's default token, the URL of one luma-mock.
ports=$(grep -oE '127\.0\.0\.1:[0-9]+' "$readme" | sort -u)
[ "$(grep -c . <<<"$ports")" -le 1 ] || fail "the README names several ports: $ports"
tokens=$(grep -oE '(USEAPI_TOKEN=|--token )[a-z0-9][^ .`]*|\b[a-z]+-token\b' "$readme" |
  sed -E 's/^(USEAPI_TOKEN=|--token )//' | sort -u)
[ "$tokens" = mock-token ] || fail "the README's mock tokens are not just mock-token: $tokens"
echo "ok: one mock token (mock-token) and one port throughout"

# One mock for every block, with luma-mock's default token (no --token): the README's.
"$build_dir/tools/luma-mock" --port 0 --job-seconds 0.3 --accounts 2 >"$work/mock.log" 2>&1 &
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
block "$five" | sed 's|^export USEAPI_TOKEN=\.\.\.|export USEAPI_TOKEN=mock-token|' >five.sh
USEAPI_LUMA_BASE_URL=$url bash -e five.sh >five.log 2>&1 || { cat five.log; fail "the five commands"; }
[ "$(find foxes -name '*.png' | wc -l)" = 4 ] || fail "luma image left no 4 pictures in foxes/"
[ "$(find clips -name '*.mp4' | wc -l)" -ge 1 ] || fail "luma video left no video in clips/"
grep -q '"status":"completed"' batch/results.jsonl || fail "luma batch left no results"
echo "ok: the tool in five commands"

# The state file, as any SQLite tool reads it (the README's out/ is the batch folder here).
sql=$(block_starting 'sqlite3 ')
need_block "$sql" "sqlite3"
if command -v sqlite3 >/dev/null; then
  rows=$(USEAPI_TOKEN='' bash -e <(block "$sql" | sed 's|out/batch.db|batch/batch.db|'))
  [ "$(wc -l <<<"$rows")" = "$(wc -l <prompts.jsonl)" ] || fail "sqlite3 read: $rows"
  echo "ok: sqlite3 reads the state file"
else
  echo "not run: the sqlite3 block (no sqlite3 program; scripts/test installs it)"
fi

# Transcripts: their `$ ` lines in order, with the mock's URL for the one they name; then what
# they show under the commands must be what the commands printed.
for start in '$ export USEAPI_TOKEN=mock-token' '$ cat prompts.jsonl'; do
  number=$(block_starting "$start")
  need_block "$number" "$start"
  block "$number" | sed -n 's/^\$ //p' | with_url "$url" >"transcript-$number.sh"
  export USEAPI_LUMA_BASE_URL=$url USEAPI_TOKEN=mock-token  # the session of the five commands
  bash "transcript-$number.sh" >"transcript-$number.log" 2>&1 || true
  # Each `echo $?` of a transcript prints what the README shows under it.
  expected=$(block "$number" | awk '/^\$ echo \$\?/ { getline; print }')
  if [ -n "$expected" ]; then
    grep -qx "$expected" "transcript-$number.log" ||
      { cat "transcript-$number.log"; fail "transcript $number: exit code not $expected"; }
  fi
  grep -q "Error\|not found\|unknown" "transcript-$number.log" && [ "$number" = "$transcript" ] &&
    { cat "transcript-$number.log"; fail "transcript $number reported an error"; }
  block "$number" | grep -v '^\$ ' | normalise >"transcript-$number.shown"
  normalise <"transcript-$number.log" >"transcript-$number.printed"
  shown_lines_printed "transcript-$number.shown" "transcript-$number.printed" ||
    { cat "transcript-$number.log"; fail "transcript $number shows what its commands do not print"; }
  echo "ok: transcript starting '$start'"
done
[ -f shots/timeline.svg ] || { cat transcript-*.log; fail "luma batch report left no shots/timeline.svg"; }

# The compatibility matrix: the README's copy is what `luma models` prints, to the character.
models=$(block_starting '$ luma models')
need_block "$models" '$ luma models'
luma models >models.printed
block "$models" | sed 1d >models.shown
diff -u models.shown models.printed ||
  fail "the README's matrix is not what \`luma models\` prints (- README, + luma models)"
echo "ok: the matrix is what luma models prints"

# The luma-mock block: the program as shown (its default port: a free one), the line it prints
# as shown but for the port, and the export line, with the URL it printed, reaching it with the
# token it accepts by default.
mockblock=$(block_starting 'build/tools/luma-mock')
need_block "$mockblock" "build/tools/luma-mock"
command=$(block "$mockblock" | sed -n 1p | sed 's/ *#.*//; s|^build/|'"$build_dir"'/|')
bash -c "exec $command" >second-mock.log 2>&1 &
second=$!
for _ in $(seq 100); do grep -q "listening on" second-mock.log && break; sleep 0.1; done
second_url=$(sed -n 's/^luma-mock listening on //p' second-mock.log)
shown=$(block "$mockblock" | sed -n 2p | sed 's/^# //; s/  *(.*//' | normalise)
printed=$(grep "listening on" second-mock.log | normalise || true)
export_line=$(block "$mockblock" | sed -n 3p | with_url "$second_url")
(eval "$export_line" && luma --no-journal jobs) >second-jobs.log 2>&1 || true
kill "$second"
wait "$second" || true
[ -n "$second_url" ] || fail "the luma-mock block: $(cat second-mock.log)"
[ "$shown" = "$printed" ] || fail "the luma-mock block shows '$shown'; it printed '$printed'"
grep -qx "0 running" second-jobs.log ||
  fail "the luma-mock block's export line does not reach it: $(cat second-jobs.log)"
echo "ok: the luma-mock block"

# The first program (examples/quickstart.cpp, and its complete version) against the mock.
for program in quickstart quickstart_complete; do
  if [ -x "$build_dir/examples/$program" ]; then
    printed=$(USEAPI_LUMA_BASE_URL=$url USEAPI_TOKEN=mock-token "$build_dir/examples/$program" 2>&1) ||
      fail "examples/$program: $printed"
    grep -q '^video: http://127.0.0.1:' <<<"$printed" || fail "examples/$program printed: $printed"
    echo "ok: examples/$program runs"
  else
    echo "not run: examples/$program (not built: USEAPI_LUMA_BUILD_EXAMPLES is off)"
  fi
done

echo "not run: the quick start block (ReadmeQuickStartRunsOffline runs scripts/demo; scripts/test runs this)"
echo "not run: the install block (needs root and apt; the consumer tests build and install the same way)"
