#!/usr/bin/env bash
# RMOS migration benchmark: ./hub rmos-migrate against a plain-Python baseline on the same generated
# documents, in the same run. Reports documents/s, peak memory (max RSS) and the ratio; the target is
# >= 1,000 documents/s for rmos-migrate. Usage: bench/rmos/run.sh [DOCUMENTS]
set -euo pipefail
docs="${1:-10000}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/work"
rm -rf "$work" && mkdir -p "$work/data" "$work/home" "$work/python"

echo "generating $docs RMOS documents..."
python3 "$here/generate.py" "$work/data" "$docs" | tee "$work/generated.json"

# Build first, so the timing below is the run only (the launcher builds when the jar is stale).
"$root/hub" --version >/dev/null

measure() { # measure <label> <command...>: wall seconds and max RSS (KB) into $label.time
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@" > "$work/$label.out" 2> "$work/$label.err" || true
}

HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx256m}" measure hub "$root/hub" rmos-migrate --home "$work/home" --data-dir "$work/data" --json
HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx256m}" measure rerun "$root/hub" rmos-migrate --home "$work/home" --data-dir "$work/data" --json
measure python python3 "$here/baseline.py" "$work/data" "$work/python/rmos.db"
measure legacy python3 "$here/baseline.py" "$work/data" "$work/python/rmos-legacy.db" --per-document

read -r hub_s hub_kb < <(tail -n 1 "$work/hub.time")
read -r rerun_s rerun_kb < <(tail -n 1 "$work/rerun.time")
read -r py_s py_kb < <(tail -n 1 "$work/python.time")
read -r legacy_s legacy_kb < <(tail -n 1 "$work/legacy.time")
python3 - "$docs" "$hub_s" "$hub_kb" "$rerun_s" "$py_s" "$py_kb" "$work/hub.out" "$work/rerun.out" "$work/python.out" "$legacy_s" "$work/legacy.out" <<'PY'
import json, sys
docs, hub_s, hub_kb, rerun_s, py_s, py_kb = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
hub = json.load(open(sys.argv[7]))
rerun = json.load(open(sys.argv[8]))["totals"]
py = json.loads(open(sys.argv[9]).read().strip().splitlines()[-1])
legacy_s = float(sys.argv[10])
legacy = json.loads(open(sys.argv[11]).read().strip().splitlines()[-1])
assert legacy == py, (legacy, py)
t = hub["totals"]
assert t["found"] == py["found"] == docs, (t, py)
assert t["migrated"] == py["loaded"] and t["failed"] == py["rejected"], (t, py)
assert rerun["skipped"] == t["migrated"] and rerun["migrated"] == 0, rerun
inside = hub["seconds"]
print(f"documents: {docs:,}  migrated {t['migrated']:,}  failed {t['failed']:,} (both implementations agree)")
print(f"hub rmos-migrate : {hub_s:6.2f} s  {docs / hub_s:>8,.0f} docs/s  peak RSS {hub_kb / 1024:6.1f} MB  (JVM start included; {docs / inside:,.0f} docs/s inside the run)")
print(f"hub re-run       : {rerun_s:6.2f} s  {docs / rerun_s:>8,.0f} docs/s  (every loaded document skipped)")
print(f"python baseline  : {py_s:6.2f} s  {docs / py_s:>8,.0f} docs/s  peak RSS {py_kb / 1024:6.1f} MB  (no ledger, dead letters, archive, reports)")
print(f"legacy migrator  : {legacy_s:6.2f} s  {docs / legacy_s:>8,.0f} docs/s  (a connection and a commit per document, as the RMOS application's stores)")
print(f"ratios           : hub = {legacy_s / hub_s:.2f}x the legacy migrator, {py_s / hub_s:.2f}x the bare one-transaction baseline")
print(f"target           : >= 1,000 docs/s for rmos-migrate: {'met' if docs / hub_s >= 1000 else 'NOT met'} ({docs / hub_s:,.0f})")
PY
