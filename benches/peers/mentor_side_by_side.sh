#!/usr/bin/env bash
# Mentor matching, side by side in one run: cohortmatch's mentor_match (end to end:
# read, solve, certify, explain, write) against scipy's linear_sum_assignment.
#   bash benches/peers/mentor_side_by_side.sh [MENTEES] [MENTORS] [SEED]
# Needs: pip install scipy numpy
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2000}; M=${2:-900}; SEED=${3:-7}
DIR=$(mktemp -d)
cargo build -q --release --example generate_roster --example mentor_match
./target/release/examples/generate_roster --kind mentor --applicants "$N" --facilitators "$M" \
  --max-capacity 3 --seed "$SEED" --out "$DIR" 2>/dev/null
ours() {
  local t0 t1
  t0=$(date +%s.%N)
  ./target/release/examples/mentor_match --mentees "$DIR/mentees.csv" --mentors "$DIR/mentors.csv" \
    --out "$DIR/out" > /dev/null
  t1=$(date +%s.%N)
  python3 - "$DIR/out/result.json" "$t0" "$t1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(json.dumps({"solver": "cohortmatch mentor_match (end to end)", "matched": r["matched"],
                  "total_cost": r["total_cost"], "status": r["status"],
                  "seconds": round(float(sys.argv[3]) - float(sys.argv[2]), 3)}))
PY
}
scipy() {
  # The whole process, as a user runs it (interpreter start and imports included);
  # the script's own "seconds" leaves those out.
  local t0 t1 line
  t0=$(date +%s.%N)
  line=$(python3 benches/peers/mentor_scipy.py "$DIR/mentees.csv" "$DIR/mentors.csv")
  t1=$(date +%s.%N)
  python3 - "$line" "$t0" "$t1" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
r["process_seconds"] = round(float(sys.argv[3]) - float(sys.argv[2]), 3)
print(json.dumps(r))
PY
}
for run in 1 2 3 4 5; do
  ours
  scipy
done
rm -rf "$DIR"
