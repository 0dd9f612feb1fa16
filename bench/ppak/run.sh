#!/usr/bin/env bash
# PPak ETL benchmark: ./hub ppak-etl against the plain-Python baseline on the same generated export,
# in the same run. Reports rows/s, peak memory (max RSS) and the ratio. Usage: bench/ppak/run.sh [ROWS]
set -euo pipefail
rows="${1:-1000000}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/work"
rm -rf "$work" && mkdir -p "$work/exports" "$work/home" "$work/python" "$work/start/exports" "$work/off/exports" "$work/off/home"
export_file="$work/exports/projects_2024-06-01.csv"

echo "generating $rows project rows..."
python3 "$here/generate.py" "$export_file" "$rows"
echo "export: $(du -h "$export_file" | cut -f1)"
# The same export for the hub without lineage's bookkeeping (docs/LINEAGE.md): the run deletes the originals it loads.
cp "$export_file" "$work/off/exports/"
echo "hub.lineage.bookkeeping=false" > "$work/off/home/hub.properties"
# The first ten rows as an export of their own: the hub's run on it is its start-up and shut-down cost.
head -n 11 "$export_file" > "$work/start/exports/projects_2024-06-01.csv"
touch -d '1 minute ago' "$work/start/exports/projects_2024-06-01.csv"

# Build first, so the timing below is the run only (the launcher builds when the jar is stale).
"$root/hub" --version >/dev/null

measure() { # measure <label> <command...>: wall seconds and max RSS (KB) into $label.time
  local label="$1"; shift
  sync # the previous command's written pages are flushed on its own time, not on the next one's
  /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@" > "$work/$label.out" 2> "$work/$label.err" || true
}

HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx256m}" measure hub "$root/hub" ppak-etl --home "$work/home" --ppak-export-dir "$work/exports" --json
HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx256m}" measure off "$root/hub" ppak-etl --home "$work/off/home" --ppak-export-dir "$work/off/exports" --json
measure python python3 "$here/baseline.py" "$export_file" "$root/mappings" "$work/python"
HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx256m}" measure start "$root/hub" ppak-etl --home "$work/start/home" --ppak-export-dir "$work/start/exports" --json
measure floor python3 "$here/store_floor.py" "$work/floor.db" "$rows"
rm -f "$work"/floor.db*

read -r hub_s hub_kb < <(tail -n 1 "$work/hub.time")
read -r py_s py_kb < <(tail -n 1 "$work/python.time")
read -r start_s _ < <(tail -n 1 "$work/start.time")
read -r off_s _ < <(tail -n 1 "$work/off.time")
floor_s="$(tail -n 1 "$work/floor.out")"
python3 - "$rows" "$hub_s" "$hub_kb" "$py_s" "$py_kb" "$work/hub.out" "$work/python.out" "$start_s" "$floor_s" "$off_s" <<'PY'
import json, sys
rows, hub_s, hub_kb, py_s, py_kb = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
start_s, floor_s, off_s = float(sys.argv[8]), float(sys.argv[9]), float(sys.argv[10])
hub = json.load(open(sys.argv[6]))["totals"]
py = json.loads(open(sys.argv[7]).read().strip().splitlines()[-1])
assert hub["found"] == py["found"] == rows, (hub, py)
assert hub["loaded"] == py["loaded"] and hub["rejected"] == py["rejected"], (hub, py)
print(f"rows: {rows:,}  loaded {hub['loaded']:,}  rejected {hub['rejected']:,} (both implementations agree)")
print(f"hub ppak-etl : {hub_s:7.2f} s  {rows / hub_s:>10,.0f} rows/s  peak RSS {hub_kb / 1024:7.1f} MB  (JVM start, SQLite store, snapshot included)")
print(f"python       : {py_s:7.2f} s  {rows / py_s:>10,.0f} rows/s  peak RSS {py_kb / 1024:7.1f} MB  (no database)")
print(f"lineage      : without its bookkeeping (hub.lineage.bookkeeping=false) {off_s:.2f} s; with it {hub_s:.2f} s: "
      f"{(hub_s / off_s - 1) * 100:+.1f}% (target <= +3%)")
print(f"ratio        : hub is {py_s / hub_s:.2f}x the speed of the Python baseline (target >= 5x)")
print(f"ceiling      : hub start-up alone (a 10-row export) {start_s:.2f} s + the store alone (rows of the same shape,"
      f" SQLite settings and transactions, by sqlite3's executemany) {floor_s:.2f} s = {start_s + floor_s:.2f} s,")
print(f"               a ratio of {py_s / (start_s + floor_s):.2f}x: the best any run that keeps this store could reach on this machine")
PY
