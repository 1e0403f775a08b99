#!/usr/bin/env bash
# Runs every fuzz target of a build at once, each for a bounded time on a temporary copy of its
# seed corpus, so the repository is never modified; fails when any target crashes (or a sanitizer
# reports).
# Usage: fuzz/run_fuzzers.sh <build dir> [seconds per target, default 10]
# A crashing input is kept in the printed artifacts folder: see fuzz/README.md for what to do.
set -euo pipefail

build_dir=${1:?usage: fuzz/run_fuzzers.sh <build dir> [seconds]}
seconds=${2:-10}
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
work_dir=$(mktemp -d "${TMPDIR:-/tmp}/useapi-luma-fuzz.XXXXXX")
artifacts="$work_dir/artifacts"
mkdir -p "$artifacts"

# Runs one target on its copy of the seeds; its log goes to $work_dir/<target>.log.
fuzz_one() {
  local target=$1 binary=$2
  # New inputs go into the temporary copy only; crashes into $artifacts.
  "$binary" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$target-" "$work_dir/corpus/$target" \
    >"$work_dir/$target.log" 2>&1
}

# Every target at once (the machine's cores shared between them), then the verdicts in order.
failed=()
started=()
pids=()
for corpus in "$fuzz_dir"/corpus/*/; do
  target=$(basename "$corpus")
  binary="$build_dir/fuzz/$target"
  if [ ! -x "$binary" ]; then
    echo "fuzz: $binary is missing (configure with -DUSEAPI_LUMA_BUILD_FUZZERS=ON)" >&2
    failed+=("$target")
    continue
  fi
  mkdir -p "$work_dir/corpus/$target"
  cp -R "$corpus". "$work_dir/corpus/$target/"
  echo "fuzz: $target for ${seconds}s on $(ls "$corpus" | wc -l) seeds"
  fuzz_one "$target" "$binary" &
  started+=("$target")
  pids+=($!)
done
for i in "${!started[@]}"; do
  target=${started[$i]}
  if ! wait "${pids[$i]}"; then
    echo "fuzz: $target FAILED:" >&2
    tail -n 60 "$work_dir/$target.log" >&2
    failed+=("$target")
  else
    echo "fuzz: $target: $(grep -E "^stat::number_of_executed_units" "$work_dir/$target.log" || true)"
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}; crash inputs and logs are in $work_dir" >&2
  ls -l "$artifacts" >&2
  exit 1
fi
rm -rf "$work_dir"
echo "fuzz: all targets ran ${seconds}s without a crash"
