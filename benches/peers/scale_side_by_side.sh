#!/usr/bin/env bash
# The cohort program at scale, side by side in one run on the same rosters:
# the coordinator's greedy deal (mssn_cohorts --solver greedy), cohortmatch's
# default run (parallel annealing), and OR-Tools CP-SAT as large-neighbourhood
# search from the greedy deal (benches/peers/cohort_cpsat_lns.py, 2 workers).
# Every answer is checked and costed by check_result with cohortmatch's one cost
# function; "excess" is cost minus cohortmatch's lower bound, and each excess is
# also given as a share of the greedy deal's.
#   bash benches/peers/scale_side_by_side.sh PEOPLE FACILITATORS COHORTS [SECONDS]
#   e.g. 240 75 30 | 2400 750 300 | 10000 3000 1250
# Needs: pip install ortools
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2400}; FACS=${2:-750}; K=${3:-300}; SECS=${4:-60}
DIR=$(mktemp -d)
cargo build -q --release --example mssn_cohorts --example check_result --example generate_roster
./target/release/examples/generate_roster --kind cohort --applicants "$N" --facilitators "$FACS" \
  --ineligible-share 0 --seed 7 --out "$DIR/rosters" > /dev/null 2>&1
A=$DIR/rosters/applicants.csv; F=$DIR/rosters/facilitators.csv; C=$DIR/config.toml
printf '[cohorts]\nseats = %s\ncohorts = %s\n' "$N" "$K" > "$C"
cost() {
  ./target/release/examples/check_result --applicants "$A" --facilitators "$F" --config "$C" \
    --result "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
timed() { # NAME RESULT -- command...: prints seconds and peak memory
  local name=$1 result=$2; shift 3
  /usr/bin/time -f "%e %M" -o "$DIR/time" "$@" > /dev/null 2> "$DIR/err" || { cat "$DIR/err"; exit 1; }
  read -r secs kb < "$DIR/time"
  echo "$name $(cost "$result") $secs $kb" >> "$DIR/rows"
}
timed greedy "$DIR/greedy/result.json" -- ./target/release/examples/mssn_cohorts --solver greedy \
  --applicants "$A" --facilitators "$F" --config "$C" --out "$DIR/greedy"
timed cohortmatch "$DIR/ours/result.json" -- ./target/release/examples/mssn_cohorts \
  --applicants "$A" --facilitators "$F" --config "$C" --out "$DIR/ours"
timed "cp-sat-lns-${SECS}s" "$DIR/lns.json" -- python3 benches/peers/cohort_cpsat_lns.py "$A" "$F" "$C" \
  "$DIR/lns.json" --seconds "$SECS" --workers 2
python3 - "$DIR/rows" "$DIR/ours/result.json" "$N" <<'PY'
import json, sys
bound = json.load(open(sys.argv[2]))["bound"]
rows = [l.split() for l in open(sys.argv[1])]
greedy = float(rows[0][1]) - bound
print(f"{sys.argv[3]} people; lower bound {bound:.2f}")
print(f"{'solver':<18}{'total':>12}{'excess':>11}{'of greedy':>11}{'seconds':>9}{'peak MiB':>10}")
for name, total, secs, kb in rows:
    ex = float(total) - bound
    print(f"{name:<18}{float(total):>12.2f}{ex:>11.2f}{100 * ex / greedy:>10.2f}%{float(secs):>9.2f}{int(kb) / 1024:>10.0f}")
PY
rm -rf "$DIR"
