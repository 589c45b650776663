#!/usr/bin/env bash
# The synthetic pilot rosters with many facilitator settings (8 or 9 eligible
# facilitators): each roster's settings, the whole `mssn_cohorts` process's wall
# time and peak memory, its status and cost, one run each.
#
#   cargo build --release --examples
#   bash benches/pilot_settings.sh target/release/examples/mssn_cohorts
#   SOLVER=heuristic bash benches/pilot_settings.sh target/release/examples/mssn_cohorts
#
# Rosters are drawn into $PILOTS (default /tmp/pilots) the first time; SEEDS picks
# them (default: the 41 of BENCHMARKS.md, session 20). Peak memory needs
# /usr/bin/time (Debian's `time` package); without it the column reads "-".
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: pilot_settings.sh BIN}
pilots=${PILOTS:-/tmp/pilots}
solver=${SOLVER:-auto}
seeds=${SEEDS:-"12 20 32 36 37 46 50 51 52 54 58 68 72 78 88 97 102 103 108 110 120 124 128 129 130 136 138 139 141 142 144 151 153 154 157 160 176 192 194 197 200"}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| seed | settings | wall time | peak memory | status | cost |"
echo "| --- | --- | --- | --- | --- | --- |"
for s in $seeds; do
  if [ ! -f "$pilots/p$s/applicants.csv" ]; then
    cargo run --quiet --release --example generate_roster -- --kind cohort --seed "$s" --out "$pilots/p$s" >/dev/null 2>&1
  fi
  args=(--applicants "$pilots/p$s/applicants.csv" --facilitators "$pilots/p$s/facilitators.csv" --solver "$solver" --out "$out/$s")
  start=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$out/time" -f "%M" "$bin" "${args[@]}" >"$out/log" 2>&1 || true
    mem="$(( $(cat "$out/time") / 1024 )) MB"
  else
    "$bin" "${args[@]}" >"$out/log" 2>&1 || true
    mem="-"
  fi
  t=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
  settings=$(grep -o '[0-9][0-9]* facilitator settings' "$out/log" | head -1 | cut -d' ' -f1 || true)
  status=$(awk '/^Status/ { print $2 }' "$out/log")
  cost=$(awk '/^Cost/ { sub(":", "", $2); print $2 }' "$out/log")
  echo "| $s | ${settings:--} | $t s | $mem | $status | $cost |"
done
