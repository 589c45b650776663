#!/usr/bin/env bash
# The cohort program, side by side in one run on the same rosters: cohortmatch's
# mssn_cohorts (default run, a proof at pilot size; the heuristic alone; a 60 s exact
# run) against OR-Tools CP-SAT (60 s,
# 2 workers) on the full model of model.md section 5. Every answer is checked and
# costed by check_result, with cohortmatch's one cost function.
# With HIGHS=1 it also runs the exact model through HiGHS with no time limit (a
# proof; needs cmake and libclang to build, as .ci/run installs).
#   bash benches/peers/cohort_side_by_side.sh [APPLICANTS FACILITATORS CONFIG] [SECONDS]
# Needs: pip install ortools
set -euo pipefail
cd "$(dirname "$0")/../.."
A=${1:-examples/data/applicants.csv}; F=${2:-examples/data/facilitators.csv}
C=${3:-examples/data/config.toml}; SECS=${4:-60}
DIR=$(mktemp -d)
FEATURES=()
if [ "${HIGHS:-0}" = 1 ]; then FEATURES=(--features highs); fi
cargo build -q --release "${FEATURES[@]}" --example mssn_cohorts --example check_result
check() {
  ./target/release/examples/check_result --applicants "$A" --facilitators "$F" --config "$C" \
    --result "$1" | python3 -c 'import json,sys; c=json.load(sys.stdin); print("total", round(c["total"], 4))'
}
run_ours() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  ./target/release/examples/mssn_cohorts --applicants "$A" --facilitators "$F" --config "$C" \
    --out "$DIR/$name" "$@" > /dev/null
  t1=$(date +%s.%N)
  python3 - "$DIR/$name/result.json" "$t0" "$t1" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(json.dumps({"solver": "cohortmatch " + sys.argv[4], "status": r["status"],
                  "total": round(r["cost"]["total"], 4), "bound": round(r["bound"], 4),
                  "gap": round(r["gap"], 4), "seconds": round(float(sys.argv[3]) - float(sys.argv[2]), 2)}))
PY
  check "$DIR/$name/result.json"
}
run_ours default
run_ours heuristic --solver heuristic
run_ours "exact-${SECS}s" --solver exact --time-limit "$SECS"
if [ "${HIGHS:-0}" = 1 ]; then
  run_ours exact-highs-no-limit --solver exact --backend highs
fi
python3 benches/peers/cohort_cpsat.py "$A" "$F" "$C" "$DIR/cpsat.json" --seconds "$SECS" --workers 2
check "$DIR/cpsat.json"
rm -rf "$DIR"
