#!/usr/bin/env bash
# The proof's wall time on the synthetic pilot rosters and the sample, the whole
# `mssn_cohorts` process, for one or two builds run in turn (so both see the
# same machine): the least and the most of REPS runs per roster.
#
#   cargo build --release --examples
#   cp target/release/examples/mssn_cohorts /tmp/before   # e.g. from another commit
#   bash benches/pilot_times.sh 3 /tmp/before target/release/examples/mssn_cohorts
#
# The pilot rosters are drawn into $PILOTS (default /tmp/pilots) the first time.
# SEEDS picks them (default: the 15 feasible pilot seeds and the sample).
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:?usage: pilot_times.sh REPS BIN [BIN]}
shift
bins=("$@")
[ "${#bins[@]}" -ge 1 ] || { echo "usage: pilot_times.sh REPS BIN [BIN]" >&2; exit 2; }
pilots=${PILOTS:-/tmp/pilots}
seeds=${SEEDS:-"2 3 5 7 8 9 10 11 13 14 15 16 17 18 19 sample"}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for s in $seeds; do
  if [ "$s" != sample ] && [ ! -f "$pilots/p$s/applicants.csv" ]; then
    cargo run --quiet --release --example generate_roster -- --kind cohort --seed "$s" --out "$pilots/p$s" >/dev/null 2>&1
  fi
done
declare -A lo hi
for _ in $(seq "$reps"); do
  for b in "${!bins[@]}"; do
    for s in $seeds; do
      if [ "$s" = sample ]; then
        args=(--applicants examples/data/applicants.csv --facilitators examples/data/facilitators.csv --config examples/data/config.toml)
      else
        args=(--applicants "$pilots/p$s/applicants.csv" --facilitators "$pilots/p$s/facilitators.csv")
      fi
      start=$(date +%s.%N)
      "${bins[$b]}" "${args[@]}" --out "$out/$s" >/dev/null 2>&1
      t=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
      k="$b,$s"
      if [ -z "${lo[$k]:-}" ] || awk -v t="$t" -v m="${lo[$k]}" 'BEGIN { exit !(t < m) }'; then lo[$k]=$t; fi
      if [ -z "${hi[$k]:-}" ] || awk -v t="$t" -v m="${hi[$k]}" 'BEGIN { exit !(t > m) }'; then hi[$k]=$t; fi
    done
  done
done
printf '| roster |'
for b in "${bins[@]}"; do printf ' %s |' "$b"; done
printf '\n| --- |'
for _ in "${bins[@]}"; do printf ' --- |'; done
printf '\n'
for s in $seeds; do
  printf '| %s |' "$s"
  for b in "${!bins[@]}"; do printf ' %s-%s s |' "${lo[$b,$s]}" "${hi[$b,$s]}"; done
  printf '\n'
done
