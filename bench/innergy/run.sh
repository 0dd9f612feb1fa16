#!/usr/bin/env bash
# INNERGY import benchmark: N canonical projects imported live into the sandbox (latency L ms per answer).
# The bound for C concurrent requests is C / L requests per second; the target is >= 80% of it, with
# zero duplicates. A baseline run with concurrency 1 in the same run shows the latency floor.
#   bench/innergy/run.sh [projects=1000] [latency_ms=20] [concurrency=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000}; LATENCY=${2:-20}; CONC=${3:-4}
work="bench/innergy/work"; rm -rf "$work"; mkdir -p "$work"
key="bench-$(date +%s)-$RANDOM"

./hub sandbox --home "$work" --port 0 --api-key "$key" --latency-ms "$LATENCY" --json > "$work/sandbox.json" 2> "$work/sandbox.err" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q base_url "$work/sandbox.json" 2>/dev/null && break; sleep 0.5; done
url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["base_url"])' "$work/sandbox.json")

python3 - "$work" "$N" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
def projects(count, prefix):
    return [{"project_number": f"{prefix}-{i:05d}", "ppak_job_id": str(100000 + i), "name": f"Bench project {i}",
             "project_type": "Commercial", "status": "in_progress", "innergy_status": "Active", "phase": "fabrication",
             "innergy_phase": "Fabrication", "customer": f"Customer {i % 37}",
             "address": {"line1": f"{i} Bench St", "city": "Seattle", "state": "WA", "zip": "98101"},
             "start_date": "2024-05-01", "due_date": "2024-09-30", "sell_price": 10000 + i, "notes": "bench"}
            for i in range(count)]
json.dump(projects(max(1, n // 5), "BASE"), open(f"{work}/canonical_projects_baseline.json", "w"))
json.dump(projects(n, "BENCH"), open(f"{work}/canonical_projects_bench.json", "w"))
PY

run_import() { # run_import <home> <file> <concurrency>
  mkdir -p "$1"
  printf 'INNERGY_API_BASE_URL=%s\nINNERGY_API_KEY=%s\n' "$url" "$key" > "$1/.env"
  printf 'hub.innergy.concurrency=%s\n' "$3" > "$1/hub.properties"
  ./hub import-projects --home "$1" --canonical-file "$2" --live --json > "$1/result.json"
}
run_import "$work/baseline" "$work/canonical_projects_baseline.json" 1
curl -s -XDELETE "$url/__admin/requests" > /dev/null
run_import "$work/bench" "$work/canonical_projects_bench.json" "$CONC"
curl -s "$url/__admin/data" > "$work/sandbox-data.json"
curl -s "$url/__admin/requests" > "$work/sandbox-requests.json"

python3 - "$work" "$LATENCY" "$CONC" "$N" <<'PY' | tee "$work/summary.txt"
import json, sys
work, latency, conc, n = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
base = json.load(open(f"{work}/baseline/result.json")); bench = json.load(open(f"{work}/bench/result.json"))
data = json.load(open(f"{work}/sandbox-data.json"))
from datetime import datetime
times = sorted(datetime.fromisoformat(r["Time"].replace("Z", "+00:00")) for r in json.load(open(f"{work}/sandbox-requests.json"))["Items"])
wire = (len(times) - 1) / (times[-1] - times[0]).total_seconds()
ext = [p["ExternalId"] for p in data["Projects"]]
bound = conc / (latency / 1000.0)
rate = bench["requests_per_second"]; base_rate = base["requests_per_second"]
print(f"projects imported: {bench['projects']['created']} created, {bench['projects']['failed']} failed (of {n})")
print(f"requests: {bench['requests_sent']} in {bench['duration_ms']} ms at concurrency {conc}, latency {latency:.0f} ms")
print(f"throughput, whole run (report's duration: canonical file read, INNERGY list, every create, write-backs, report): {rate} requests/s = {rate / bound:.0%} of the bound")
print(f"throughput at the server (sandbox-recorded arrivals, first to last of {len(times)}): {wire:.1f} requests/s = {wire / bound:.0%} of the bound {conc} / {latency:.0f} ms = {bound:.0f} requests/s (target >= 80%)")
print(f"baseline (concurrency 1, {base['projects']['created']} projects): {base_rate} requests/s = {base_rate / (1000.0 / latency):.0%} of its bound; speed-up x{rate / base_rate:.2f} for x{conc} concurrency")
print(f"duplicates in INNERGY: {len(ext) - len(set(ext))} (projects held: {len(ext)})")
ok = wire >= 0.8 * bound and len(ext) == len(set(ext)) and bench['projects']['failed'] == 0
print("RESULT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
