#!/usr/bin/env bash
# Scale-out benchmark (issue 13, docs/SCALE_OUT.md): 1, 2 and 3 `./hub run` instances on one PostgreSQL and one
# shared inbox take the same drop of PPak project exports; files/s and rows/s from the moment the drop lands until
# the last export's batch is done. Every run starts on a fresh schema and checks that each export was taken once.
# Usage: bench/cluster/run.sh [FILES] [ROWS_PER_FILE] [INSTANCE_COUNTS]      defaults: 500 200 "1 2 3"
# Needs PostgreSQL (BENCH_PG_URL, default the local test database, trust auth) and psql.
set -euo pipefail
files="${1:-500}"; rows="${2:-200}"; counts="${3:-1 2 3}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/work"
pg_url="${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
psql_url="${BENCH_PSQL_URL:-postgresql://postgres@127.0.0.1:5432/test}"
command -v psql >/dev/null || { echo "bench/cluster needs psql" >&2; exit 2; }
export HUB_JAVA_OPTS="${HUB_JAVA_OPTS:--Xmx256m}"
"$root/hub" --version >/dev/null # build first: the timings below are runs only

rm -rf "$work" && mkdir -p "$work/drop"
echo "generating $files exports x $rows rows..."
for i in $(seq 1 "$files"); do
  name="projects_$(date -u -d "2020-01-01 + $i days" +%Y-%m-%d).csv"
  { printf 'Job Id,Job Number,Description,Job Type,Job Status,Phase,Bill To Customer,Start Date,Due Date,Sell Price,Notes\r\n'
    for k in $(seq 1 "$rows"); do
      id=$(( i * 100000 + k ))
      printf '%s,B-%s,Bench project %s,Residential,Approved,Design,Customer %s,2024-02-01,2024-05-01,"$1,200.00",bench\r\n' "$id" "$id" "$id" "$k"
    done
  } > "$work/drop/$name"
done

q() { PGOPTIONS="-c client_min_messages=warning" psql -qtAX "$psql_url" -c "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
results=()
for n in $counts; do
  schema="bench_cluster_${n}_$$"
  q "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
  run="$work/run-$n"; mkdir -p "$run/shared/inbox/ppak" "$run/staging"
  cp "$work/drop/"*.csv "$run/staging/"
  pids=(); ports=()
  for i in $(seq 1 "$n"); do
    home="$run/node-$i"; mkdir -p "$home"; port=$(free_port); ports+=("$port")
    cat > "$home/hub.properties" <<PROPS
hub.instance.id = node-$i
hub.http.port = $port
hub.db.url = $pg_url&currentSchema=$schema
hub.inbox = $run/shared/inbox
hub.outbox = $run/shared/outbox
hub.materials.sync.autostart = false
PROPS
    "$root/hub" run --home "$home" > "$home/out.txt" 2>&1 &
    pids+=($!)
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/observe/health" >/dev/null && break; sleep 0.5; done
  done
  start=$(date +%s.%N)
  for f in "$run/staging/"*.csv; do mv "$f" "$run/shared/inbox/ppak/"; done # one rename each, as SCALE_OUT.md asks
  while [ "$(q "SELECT COUNT(*) FROM $schema.batches WHERE flow = 'ppak' AND status = 'done'")" -lt "$files" ]; do sleep 0.2; done
  end=$(date +%s.%N)
  twice=$(q "SELECT COUNT(*) FROM (SELECT source FROM $schema.batches WHERE flow = 'ppak' GROUP BY source HAVING COUNT(*) > 1) d")
  loaded=$(q "SELECT COUNT(*) FROM $schema.canonical_projects")
  spread=$(q "SELECT string_agg(instance || ':' || c, ' ') FROM (SELECT instance, COUNT(*) c FROM $schema.batches WHERE flow = 'ppak' GROUP BY instance ORDER BY instance) s")
  kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true
  q "DROP SCHEMA $schema CASCADE" >/dev/null
  secs=$(python3 -c "print(f'{$end - $start:.1f}')")
  line=$(python3 -c "s=$end-$start; print(f'$n instance(s): {$files} files in {s:.1f} s = {$files/s:.1f} files/s, {$loaded/s:,.0f} rows/s; taken twice: $twice; rows $loaded; per instance: $spread')")
  echo "$line"; results+=("$line")
done
echo
printf '%s\n' "${results[@]}" | tee "$work/results.txt"
echo "machine: $(nproc) cores; every instance, PostgreSQL and this script share them"
