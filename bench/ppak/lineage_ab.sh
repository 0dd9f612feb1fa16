#!/usr/bin/env bash
# Lineage's cost on PPak, A/B in alternating runs (one run each is within the machine's noise):
# ./hub ppak-etl on the same generated export with hub.lineage.bookkeeping=true and =false, ROUNDS times each,
# alternating which goes first. Prints every run and the medians' ratio. Usage: bench/ppak/lineage_ab.sh [ROWS] [ROUNDS]
set -euo pipefail
rows="${1:-300000}"
rounds="${2:-3}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/work-ab"
rm -rf "$work" && mkdir -p "$work"
python3 "$here/generate.py" "$work/projects_2024-06-01.csv" "$rows"
"$root/hub" --version >/dev/null # build first: the timings are the runs only

one() { # one <on|off> <round>: a fresh home and export folder, wall seconds appended to $work/<on|off>.times
  local mode="$1" dir="$work/$1-$2"
  mkdir -p "$dir/home" "$dir/exports"
  cp "$work/projects_2024-06-01.csv" "$dir/exports/"
  if [ "$mode" = off ]; then echo "hub.lineage.bookkeeping=false" > "$dir/home/hub.properties"; fi
  sync
  /usr/bin/time -f "%e" -o "$dir/time" env HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx256m}" \
    "$root/hub" ppak-etl --home "$dir/home" --ppak-export-dir "$dir/exports" --json > "$dir/out" 2> "$dir/err" || true # exit 1: the generated export has rejects
  tail -n 1 "$dir/time" >> "$work/$mode.times"
  echo "round $2 $mode: $(tail -n 1 "$dir/time") s"
  rm -rf "$dir"
}
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then one on "$r"; one off "$r"; else one off "$r"; one on "$r"; fi
done
python3 - "$work/on.times" "$work/off.times" <<'PY'
import statistics, sys
on = [float(x) for x in open(sys.argv[1])]
off = [float(x) for x in open(sys.argv[2])]
m_on, m_off = statistics.median(on), statistics.median(off)
print(f"with lineage bookkeeping   : median {m_on:.2f} s of {on}")
print(f"without (bookkeeping=false): median {m_off:.2f} s of {off}")
print(f"cost: {100 * (m_on / m_off - 1):+.1f}% (target <= 3%)")
PY
