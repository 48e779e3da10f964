#!/usr/bin/env bash
# The README's million-distinct-voter table: writes bench/out/million.pb (bench/million.py,
# seed 11) once, then runs each rule as a whole `pb tally` process under /usr/bin/time -v and
# prints CPU (user + system), wall time and peak memory.
#   bash bench/million.sh [RULE...]      (default: the five rules of the README's table)
set -euo pipefail
cd "$(dirname "$0")/.."
file=bench/out/million.pb
mkdir -p bench/out
[ -f "$file" ] || .venv/bin/python bench/million.py "$file"
rules=("$@")
[ ${#rules[@]} -gt 0 ] || rules=(greedy phragmen equalshares equalshares/add1 max-welfare)
printf '%-20s %8s %8s %10s\n' rule cpu_s wall peak_MB
for rule in "${rules[@]}"; do
  stats=$( { /usr/bin/time -v .venv/bin/pb tally "$file" --rule "$rule" >/dev/null; } 2>&1 )
  user=$(sed -n 's/.*User time (seconds): //p' <<<"$stats")
  sys=$(sed -n 's/.*System time (seconds): //p' <<<"$stats")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' <<<"$stats")
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' <<<"$stats")
  printf '%-20s %8.2f %8s %10d\n' "$rule" "$(awk "BEGIN {print $user + $sys}")" "$wall" $((peak / 1024))
done
