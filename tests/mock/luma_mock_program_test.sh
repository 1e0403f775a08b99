#!/usr/bin/env bash
# The luma-mock program: its options, its "listening" line, answers over curl, a clean exit 0
# with a "stopping" line on SIGTERM and on SIGINT, and a second luma-mock on a port in use that
# fails at start saying "port in use".
# Usage: luma_mock_program_test.sh PATH-TO-luma-mock
set -euo pipefail

if [[ $# -ne 1 || ! -x $1 ]]; then
  echo "usage: $0 PATH-TO-luma-mock" >&2
  exit 2
fi
readonly mock=$1
work=$(mktemp -d)
readonly work
pid=""

cleanup() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for log in out err; do
    [[ -f $work/$log ]] && sed "s/^/  luma-mock std$log: /" "$work/$log" >&2
  done
  exit 1
}

# True while the process is running (an exited child that is not yet reaped is a zombie, which
# `kill -0` still reports as alive).
running() {
  local state
  state=$(sed -E 's/^.*\) (.).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

# Starts luma-mock (with any extra options given) and sets `base` from its listening line
# (waiting at most 10 s).
start_mock() {
  rm -f "$work/out" "$work/err"  # never read the previous run's listening line
  "$mock" --port 0 --job-seconds 1 --token t1 "$@" >"$work/out" 2>"$work/err" &
  pid=$!
  local line pattern='^luma-mock listening on http://127\.0\.0\.1:[0-9]+/v1/luma$'
  for ((i = 0; i < 100; i++)); do
    # The file may not exist yet: the shell creates it as it starts the program.
    if line=$(grep -m1 -E "$pattern" "$work/out" 2>/dev/null); then
      base=${line#luma-mock listening on }
      return 0
    fi
    running "$pid" || fail "luma-mock exited before listening"
    sleep 0.1
  done
  fail "no line 'luma-mock listening on http://127.0.0.1:PORT/v1/luma' within 10 s"
}

# POSTs a video body to $base/videos; prints the status code, leaves the body in $work/body.
post_video() {
  curl -sS --max-time 5 -o "$work/body" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' "$@" --data '{"prompt":"a fox in the snow"}' \
    "$base/videos"
}

# Sends `signal` and expects exit status 0 within 5 s and a stopping line naming the signal.
stop_mock() {
  local signal=$1 status=0
  kill "-$signal" "$pid"
  for ((i = 0; i < 50; i++)); do
    running "$pid" || break
    sleep 0.1
  done
  running "$pid" && fail "luma-mock still runs 5 s after SIG$signal"
  wait "$pid" || status=$?
  pid=""
  [[ $status -eq 0 ]] || fail "luma-mock exited $status after SIG$signal"
  grep -q -E "^luma-mock stopping.*SIG$signal" "$work/out" ||
    fail "no 'luma-mock stopping (SIG$signal)' line after SIG$signal"
}

# --help exits 0 and documents --job-seconds; an unknown option exits non-zero.
"$mock" --help >"$work/help" 2>&1 || fail "--help exited $?"
grep -q -- '--job-seconds' "$work/help" || fail "--help does not mention --job-seconds"
grep -q -- '--no-webhook-on-submission' "$work/help" ||
  fail "--help does not mention --no-webhook-on-submission"
if "$mock" --no-such-option >"$work/invalid" 2>&1; then fail "an unknown option exited 0"; fi
if "$mock" --job-seconds not-a-number >"$work/invalid" 2>&1; then
  fail "--job-seconds not-a-number exited 0"
fi

for signal in TERM INT; do
  start_mock
  code=$(post_video -H 'Authorization: Bearer t1') || fail "curl could not POST to $base/videos"
  [[ $code == 200 ]] || fail "POST /videos with the token answered $code: $(cat "$work/body")"
  grep -q -E '"jobid":"j[0-9]{19}v-u[0-9]+-email:[^"]+:[0-9a-f-]{36}-bot:luma"' "$work/body" ||
    fail "POST /videos answered no video jobid of the API's shape: $(cat "$work/body")"
  code=$(post_video) || fail "curl could not POST to $base/videos"
  [[ $code == 401 ]] || fail "POST /videos without a token answered $code"
  grep -q -F '{"error":"Unauthorized"}' "$work/body" || fail "401 body: $(cat "$work/body")"
  stop_mock "$signal"
  echo "ok: started, answered 200 and 401, stopped on SIG$signal"
done
# A second luma-mock on the port of a running one exits non-zero at once, saying "port in use";
# the first keeps answering (no shared port, no connections split between the two).
start_mock --no-webhook-on-submission
port=${base#http://127.0.0.1:}
port=${port%%/*}
status=0
timeout 10 "$mock" --port "$port" --token t2 >"$work/second.out" 2>"$work/second.err" ||
  status=$?
[[ $status -ne 0 ]] || fail "a second luma-mock on port $port in use exited 0"
[[ $status -ne 124 ]] || fail "a second luma-mock on port $port in use still ran after 10 s"
grep -q "port in use" "$work/second.err" ||
  fail "a second luma-mock on port $port did not say 'port in use': $(cat "$work/second.err")"
for ((i = 0; i < 20; i++)); do
  code=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer t1' \
    "$base/jobs") || fail "curl could not GET $base/jobs"
  [[ $code == 200 ]] || fail "GET /jobs of the first luma-mock answered $code"
done
stop_mock TERM
echo "ok: a second luma-mock on a port in use exited $status saying 'port in use'"
echo "ok: luma-mock program"
