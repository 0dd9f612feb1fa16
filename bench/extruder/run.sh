#!/usr/bin/env bash
# Extruder telemetry benchmark (issue 10): ./hub extruder-ingest against the floors, in the same run, on
#   (a) one 2,000,000-row v3 log (~190 MB) and (b) a backlog of 200 logs x 5,000 rows of mixed header versions.
# For each: the hub (JVM start included, -Xmx256m); sqlite3's .import of the same log rows into a typed table with an
# index on the time (the practical SQLite floor); the same .import of the rows already in run_samples' shape into an
# identical table (SQLite's own cost for exactly the hub's table); the hub's start-up alone (a 10-row log); a plain
# Python ingester (csv + sqlite3 executemany); and on PostgreSQL (when reachable) the hub against psql \copy.
# Usage: bench/extruder/run.sh [ROWS_A] [LOGS_B] [ROWS_PER_LOG_B]
set -euo pipefail
rows_a="${1:-2000000}"; logs_b="${2:-200}"; rows_b="${3:-5000}"
command -v sqlite3 >/dev/null || { echo "bench/extruder needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/work"
export HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx256m}"
pg_url="${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"

# the logs are the same for the same arguments (fixed seeds): a run with the arguments of the last one reuses them
if [ "$(cat "$work/generated" 2>/dev/null)" = "$rows_a $logs_b $rows_b" ]; then
  echo "reusing the logs generated for the same arguments in $work"
  find "$work" -mindepth 1 -maxdepth 1 ! -name a ! -name b ! -name start ! -name generated -exec rm -rf {} +
  for s in a b start; do find "$work/$s" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +; done
else
  rm -rf "$work" && mkdir -p "$work/a/logs" "$work/b/logs" "$work/start/logs"
  echo "generating (a) $rows_a rows and (b) $logs_b logs x $rows_b rows..."
  python3 "$here/gen_extruder_log.py" "$work/a/logs" --rows "$rows_a" --version 3 --start 2025-12-01T18:30:00 >/dev/null
  for i in $(seq 1 "$logs_b"); do
    v=$(( i % 3 + 1 ))
    start=$(date -u -d "2025-10-01T00:00:00Z + $(( i * 3 )) hours" +%Y-%m-%dT%H:%M:%S)
    python3 "$here/gen_extruder_log.py" "$work/b/logs" --rows "$rows_b" --version "$v" --start "$start" --seed "$i" >/dev/null
  done
  python3 "$here/gen_extruder_log.py" "$work/start/logs" --rows 10 --version 3 >/dev/null
  echo "$rows_a $logs_b $rows_b" > "$work/generated"
fi
echo "(a) $(du -sh "$work/a/logs" | cut -f1), (b) $(du -sh "$work/b/logs" | cut -f1)"

"$root/hub" --version >/dev/null # build first: the timings below are runs only

measure() { # measure <label> <command...>: wall seconds and max RSS (KB) into $label.time
  local label="$1"; shift
  sync # the previous command's written pages are flushed on its own time, not on the next one's
  /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@" > "$work/$label.out" 2> "$work/$label.err" || true
}

import_script() { # import_script <log dir>: .import of every log into one typed table per header version, time indexed
  local dir="$1" f
  { echo "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    for v in 1 2 3; do
      case $v in
        1) cols="Timestamp TEXT, Status TEXT, T1_Feed REAL, T2_Mid REAL, T3_Nozzle REAL, T_Motor REAL, RPM_Main REAL, RPM_Feed REAL" ;;
        2) cols="Timestamp TEXT, Status TEXT, T1_Feed REAL, T2_Mid REAL, T3_Nozzle REAL, T_Motor REAL, Target_Z1 REAL, Target_Z2 REAL, Pwr_Z1 REAL, Pwr_Z2 REAL, RPM_Main REAL, RPM_Feed REAL" ;;
        3) cols="Timestamp REAL, Time_Str TEXT, Status TEXT, T1_Feed REAL, T2_Mid REAL, T3_Nozzle REAL, T_Motor REAL, Target_Z1 REAL, Target_Z2 REAL, Pwr_Z1 REAL, Pwr_Z2 REAL, RPM_Main REAL, RPM_Feed REAL" ;;
      esac
      echo "CREATE TABLE log_v$v ($cols); CREATE INDEX log_v${v}_time ON log_v$v (Timestamp);"
    done
    echo ".mode csv"
    for f in "$dir"/run_*.csv; do
      case "$(head -c 40 "$f")" in
        Timestamp,Time_Str*) echo ".import --skip 1 $f log_v3" ;;
        Timestamp,Status,T1_Feed,T2_Mid,T3_Nozzle,T_Motor,Target*) echo ".import --skip 1 $f log_v2" ;;
        *) echo ".import --skip 1 $f log_v1" ;;
      esac
    done
  } > "$work/import.sql"
}

import_shaped() { # import_shaped <hub extruder.db> <db>: the hub's own rows into an identical empty run_samples
  sqlite3 -csv "$1" "SELECT * FROM run_samples" > "$work/shaped.csv"
  { echo "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    sqlite3 "$1" ".schema run_samples" | grep -v "^CREATE INDEX run_samples_time" | sed 's/REFERENCES runs (id)//'
    echo "CREATE INDEX run_samples_time ON run_samples (run_id, recorded_at);"
    echo ".mode csv"; echo ".import $work/shaped.csv run_samples"; } > "$work/shaped.sql"
  sync
  measure "$3" sqlite3 "$2" ".read $work/shaped.sql"
  rm -f "$work/shaped.csv"
}

estimate() { # estimate <label> <logs dir> [EXTRUDER_DB_URL]: ./hub cutover check's logs.estimate for the same logs, same engine
  local label="$1" dir="$2" url="${3:-}"
  EXTRUDER_DB_URL="${url:-jdbc:sqlite:$work/est_$label/data/extruder.db}" "$root/hub" cutover check --home "$work/est_$label" \
    --logs "$dir" --only logs.estimate --json > "$work/est_$label.out" 2> "$work/est_$label.err" || true
}

for s in a b; do
  echo "running ($s)..."
  estimate "$s" "$work/$s/logs"
  measure "hub_$s" "$root/hub" extruder-ingest --home "$work/home_$s" --dir "$work/$s" --json
  import_script "$work/$s/logs"
  measure "import_$s" sqlite3 "$work/import_$s.db" ".read $work/import.sql"
  import_shaped "$work/home_$s/data/extruder.db" "$work/shaped_$s.db" "shaped_$s"
  measure "python_$s" python3 "$here/baseline.py" "$work/$s/logs" "$work/python_$s.db"
  rm -f "$work"/import_$s.db* "$work"/shaped_$s.db* "$work"/python_$s.db*
done
measure start "$root/hub" extruder-ingest --home "$work/home_start" --dir "$work/start" --json

pg=no
if psql "postgresql://postgres@127.0.0.1:5432/test" -qc 'select 1' >/dev/null 2>&1; then
  pg=yes
  schema="bench_extruder_$$"
  psql "postgresql://postgres@127.0.0.1:5432/test" -qc "CREATE SCHEMA $schema" >/dev/null
  echo "running (a) on PostgreSQL..."
  estimate pg_a "$work/a/logs" "$pg_url&currentSchema=$schema"
  EXTRUDER_DB_URL="$pg_url&currentSchema=$schema" measure hub_pg "$root/hub" extruder-ingest --home "$work/home_pg" --dir "$work/a" --json
  echo "running (b) on PostgreSQL..."
  psql "postgresql://postgres@127.0.0.1:5432/test" -qc "CREATE SCHEMA ${schema}_b" >/dev/null
  estimate pg_b "$work/b/logs" "$pg_url&currentSchema=${schema}_b"
  EXTRUDER_DB_URL="$pg_url&currentSchema=${schema}_b" measure hub_pg_b "$root/hub" extruder-ingest --home "$work/home_pg_b" --dir "$work/b" --json
  psql "postgresql://postgres@127.0.0.1:5432/test" -qc "DROP SCHEMA ${schema}_b CASCADE" >/dev/null 2>&1
  psql "postgresql://postgres@127.0.0.1:5432/test" -qc "CREATE TABLE $schema.log_v3 (ts double precision, time_str text, status text,
    t1 double precision, t2 double precision, t3 double precision, tm double precision, z1 double precision, z2 double precision,
    p1 double precision, p2 double precision, rpm_main double precision, rpm_feed double precision); CREATE INDEX ON $schema.log_v3 (ts);" >/dev/null
  measure copy_pg psql "postgresql://postgres@127.0.0.1:5432/test" -qc "\\copy $schema.log_v3 FROM '$(ls "$work"/a/logs/*.csv)' WITH (FORMAT csv, HEADER true)"
  # the hub's own rows into an identical run_samples (same keys and indexes): PostgreSQL's work alone
  psql "postgresql://postgres@127.0.0.1:5432/test" -qc "\\copy $schema.run_samples TO '$work/shaped_pg.csv' WITH (FORMAT csv)"
  psql "postgresql://postgres@127.0.0.1:5432/test" -qc "CREATE TABLE $schema.shaped (LIKE $schema.run_samples INCLUDING ALL)" >/dev/null
  measure shaped_pg psql "postgresql://postgres@127.0.0.1:5432/test" -qc "\\copy $schema.shaped FROM '$work/shaped_pg.csv' WITH (FORMAT csv)"
  rm -f "$work/shaped_pg.csv"
  psql "postgresql://postgres@127.0.0.1:5432/test" -qc "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
fi

python3 - "$work" "$rows_a" "$(( logs_b * rows_b ))" "$pg" <<'PY'
import json, sys
work, rows = sys.argv[1], {"a": int(sys.argv[2]), "b": int(sys.argv[3])}
def t(label):
    s, kb = open(f"{work}/{label}.time").read().split()[-2:]
    return float(s), int(kb)
start, _ = t("start")
for s, what in (("a", "one v3 log"), ("b", "a backlog of logs of mixed versions")):
    hub_s, hub_kb = t(f"hub_{s}")
    imp, _ = t(f"import_{s}")
    shaped, _ = t(f"shaped_{s}")
    py_s, _ = t(f"python_{s}")
    out = json.load(open(f"{work}/hub_{s}.out"))
    tot = out["totals"]
    py = json.loads(open(f"{work}/python_{s}.out").read().strip().splitlines()[-1])
    assert tot["found"] == rows[s] == py["found"], (tot, py)
    assert tot["loaded"] == py["loaded"], (tot, py)
    print(f"({s}) {what}: {rows[s]:,} rows, all loaded by both the hub and the Python ingester")
    print(f"  hub extruder-ingest     {hub_s:7.2f} s  {rows[s] / hub_s:>10,.0f} rows/s  peak RSS {hub_kb / 1024:6.1f} MB  (JVM start included)")
    print(f"  sqlite3 .import (log)   {imp:7.2f} s  -> hub at {hub_s / imp:.2f}x the .import time (target <= 1.5x)")
    print(f"  sqlite3 .import (shaped){shaped:7.2f} s  (the hub's own rows into an identical run_samples: SQLite's work alone)")
    print(f"  hub start-up alone      {start:7.2f} s  (a 10-row log); floor start + shaped = {start + shaped:.2f} s -> hub at {hub_s / (start + shaped):.2f}x")
    print(f"  python csv+executemany  {py_s:7.2f} s  -> the hub is {py_s / hub_s:.2f}x its speed")
if sys.argv[4] == "yes":
    hub_s, hub_kb = t("hub_pg")
    cp, _ = t("copy_pg")
    tot = json.load(open(f"{work}/hub_pg.out"))["totals"]
    assert tot["loaded"] == rows["a"], tot
    shaped, _ = t("shaped_pg")
    start, _ = t("start")
    print(f"(a) on PostgreSQL: hub {hub_s:.2f} s (COPY, peak RSS {hub_kb / 1024:.1f} MB); psql \\copy of the log {cp:.2f} s -> hub at {hub_s / cp:.2f}x (target <= 1.3x)")
    print(f"    psql \\copy of the hub's rows into an identical run_samples {shaped:.2f} s; floor start + shaped = {start + shaped:.2f} s -> hub at {hub_s / (start + shaped):.2f}x")
else:
    print("PostgreSQL on 127.0.0.1:5432 not reachable: its comparison was skipped")
# ./hub cutover check's logs.estimate (a calibration on a sample, same engine) beside the measured extruder-ingest
print("cutover logs.estimate against the measured extruder-ingest (target within +-25%):")
pairs = [("a", "SQLite", "hub_a"), ("b", "SQLite", "hub_b")]
if sys.argv[4] == "yes":
    pairs += [("pg_a", "PostgreSQL", "hub_pg"), ("pg_b", "PostgreSQL", "hub_pg_b")]
for label, engine, measured in pairs:
    try:
        checks = json.load(open(f"{work}/est_{label}.out"))["checks"]
        est = next(c for c in checks if c["id"] == "logs.estimate")["evidence"]["seconds"]
    except Exception as e:
        print(f"  ({label[-1]}) {engine:10s} no estimate: {e}")
        continue
    real, _ = t(measured)
    off = (est - real) / real * 100
    print(f"  ({label[-1]}) {engine:10s} estimated {est:7.2f} s, measured {real:7.2f} s: {off:+5.1f}% {'ok' if abs(off) <= 25 else 'OUTSIDE +-25%'}")
PY
