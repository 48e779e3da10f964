#!/usr/bin/env bash
# The README's million-distinct-voter table: writes bench/out/million.pb (bench/million.py,
# seed 11) once, then runs each rule as a whole `pb tally` process under /usr/bin/time -v,
# REPEAT times (default 5: a shared machine's speed varies by a third from run to run), and
# prints the median CPU (user + system) and wall time and the highest peak memory.
#   bash bench/million.sh [RULE...]      (default: the five rules of the README's table)
set -euo pipefail
cd "$(dirname "$0")/.."
file=bench/out/million.pb
repeat=${REPEAT:-5}
mkdir -p bench/out
[ -f "$file" ] || .venv/bin/python bench/million.py "$file"
rules=("$@")
[ ${#rules[@]} -gt 0 ] || rules=(greedy phragmen equalshares equalshares/add1 max-welfare)
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
printf '%-20s %8s %8s %10s   (median of %d runs)\n' rule cpu_s wall_s peak_MB "$repeat"
for rule in "${rules[@]}"; do
  cpus=() walls=() peak=0
  for _ in $(seq "$repeat"); do
    stats=$( { /usr/bin/time -f '%U %S %e %M' .venv/bin/pb tally "$file" --rule "$rule" >/dev/null; } 2>&1 | tail -1)
    read -r user sys wall kb <<<"$stats"
    cpus+=("$(awk "BEGIN {print $user + $sys}")")
    walls+=("$wall")
    ((kb > peak)) && peak=$kb
  done
  printf '%-20s %8.2f %8.2f %10d\n' "$rule" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "$(printf '%s\n' "${walls[@]}" | median)" $((peak / 1024))
done
