#!/usr/bin/env bash
# Fuzzing (issue 10): runs each target for a fixed time with cargo-fuzz (libFuzzer).
#
#   fuzz/run.sh [SECONDS]        # each target for SECONDS (default 60)
#   fuzz/run.sh 300 id_parse     # one target
#
# Targets: roster_import (any bytes as a roster workbook), date_parse, id_parse; what each
# checks is `src/fuzzing.rs`. A crash stops that target's run and leaves its input in
# fuzz/artifacts/TARGET/; copy it to tests/fuzz_cases/TARGET-NAME (see
# tests/fuzz_regressions.rs), fix the bug, and `cargo test` keeps it fixed.
#
# cargo-fuzz needs nightly flags; the machine has stable Rust only, so RUSTC_BOOTSTRAP=1
# lets stable accept them (for this build only). Cargo's own variables pass through, e.g.
#   CARGO_TARGET_DIR=/work/fuzz-target CARGO_BUILD_JOBS=1 fuzz/run.sh 300
# to build apart from the app's target/ and on one core.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(roster_import date_parse id_parse)

export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

# Seeds for the roster target: the sample units table and the calamine bug-report files
# (small ones; big seeds slow every run), copied, never committed.
mkdir -p corpus/roster_import
for f in ../../shared/samples/orgs.xlsx ../../shared/corpus/calamine-tests/*; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 200000 ] && cp -n "$f" corpus/roster_import/ 2>/dev/null || true
done

# A crash ends that target's run, not the others'; the script fails at the end if any did.
failed=()
for t in "${targets[@]}"; do
    echo "== $t: $secs s"
    cargo fuzz run "$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
