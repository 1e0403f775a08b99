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
for option in --accounts --seed --image-seconds --video-seconds --seconds-for --foreign-jobs \
  --expired; do
  grep -q -- "$option" "$work/help" || fail "--help does not mention $option"
done
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

# Several accounts: --accounts, --foreign-jobs holding a slot, --expired answering 596, and
# --video-seconds overriding --job-seconds (1 s here) for videos.
for option in '--video-seconds 5-2' '--video-seconds x' '--seconds-for video:1080p' \
  '--foreign-jobs nonsense' '--foreign-jobs mock@example.com:x:1' '--accounts -1'; do
  # shellcheck disable=SC2086  # each option and its value are two words
  if "$mock" --port 0 $option >"$work/invalid" 2>&1; then fail "$option exited 0"; fi
done
for option in '--expired nobody@example.com' '--foreign-jobs nobody@example.com:1:5'; do
  status=0
  # shellcheck disable=SC2086
  timeout 10 "$mock" --port 0 $option >"$work/invalid" 2>&1 || status=$?
  [[ $status -ne 0 && $status -ne 124 ]] || fail "$option did not fail at start ($status)"
done
start_mock --accounts 3 --concurrency 1 --seed 5 --video-seconds 0.2-0.4 \
  --seconds-for video:1080p=30 --foreign-jobs mock2@example.com:1:30 --expired mock3@example.com
get() {
  curl -sS --max-time 5 -H 'Authorization: Bearer t1' "$base$1"
}
post_json() {  # POST /videos with this body; prints the status, leaves the body in $work/body
  curl -sS --max-time 5 -o "$work/body" -w '%{http_code}' -X POST -H 'Authorization: Bearer t1' \
    -H 'Content-Type: application/json' --data "$1" "$base/videos"
}
accounts=$(get /accounts)
for email in mock@example.com mock2@example.com mock3@example.com; do
  grep -q "\"$email\":{[^}]*\"concurrency\":1" <<<"$accounts" ||
    fail "GET /accounts lacks $email with concurrency 1: $accounts"
done
grep -q '"mock2@example.com":{[^}]*"executing":1' <<<"$accounts" ||
  fail "the foreign job does not count in mock2's executing: $accounts"
grep -q '"mock3@example.com":{[^}]*"error":"' <<<"$accounts" ||
  fail "the expired account's summary has no error: $accounts"
get /jobs | grep -q '"account":"mock2@example.com"' || fail "GET /jobs lacks the foreign job"
code=$(post_json '{"prompt":"a","email":"mock3@example.com"}')
[[ $code == 596 ]] || fail "a video pinned to the expired account answered $code"
grep -q -F '{"error":"Luma account has an error.' "$work/body" || fail "596 body: $(cat "$work/body")"
code=$(post_json '{"prompt":"a","email":"mock2@example.com"}')
[[ $code == 429 ]] || fail "a video pinned to the account the foreign job fills answered $code"
grep -q -x -F '{"code":429,"error":"All configured accounts are running at maximum capacity"}' \
  "$work/body" || fail "429 body: $(cat "$work/body")"
code=$(post_video -H 'Authorization: Bearer t1')
[[ $code == 200 ]] || fail "a video without email answered $code: $(cat "$work/body")"
grep -q 'email:mock@example.com:' "$work/body" || fail "not on the one account with room"
jobid=$(sed -E 's/^.*"jobid":"([^"]+)".*$/\1/' "$work/body")
sleep 0.7  # past the video's 0.2-0.4 s, short of --job-seconds 1
get "/jobs/$jobid" | grep -q '"status":"completed"' ||
  fail "a video of --video-seconds 0.2-0.4 is not completed after 0.7 s: $(get "/jobs/$jobid")"
stop_mock TERM
echo "ok: --accounts, --foreign-jobs, --expired, --video-seconds and --seconds-for"

# --media-ttl: a job read hands out a signed media URL that answers 200, then 403 once expired.
for option in '--media-ttl 0' '--media-ttl x'; do
  # shellcheck disable=SC2086
  if "$mock" --port 0 $option >"$work/invalid" 2>&1; then fail "$option exited 0"; fi
done
start_mock --video-seconds 0.1 --media-ttl 0.3
code=$(post_video -H 'Authorization: Bearer t1')
[[ $code == 200 ]] || fail "POST /videos answered $code: $(cat "$work/body")"
jobid=$(sed -E 's/^.*"jobid":"([^"]+)".*$/\1/' "$work/body")
sleep 0.2
url=$(get "/jobs/$jobid" | sed -E 's/^.*"video":\{[^}]*"url":"([^"]+)".*$/\1/')
[[ $url == *signature=* ]] || fail "the video URL is not signed: $url"
code=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$url")
[[ $code == 200 ]] || fail "a fresh media URL answered $code"
sleep 0.4
code=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$url")
[[ $code == 403 ]] || fail "an expired media URL answered $code"
stop_mock TERM
echo "ok: --media-ttl"
echo "ok: luma-mock program"
