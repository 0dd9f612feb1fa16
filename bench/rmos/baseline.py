#!/usr/bin/env python3
"""The baseline: the RMOS migration in plain Python (json + sqlite3, standard library only), the way the
RMOS application's own migration tool works, made fair: the same validation rules for the generated mix,
references checked against what is loaded, strip families before patterns before job logs, the RMOS
application's tables, and one transaction for the whole run. No ledger, dead letters, archive or reports.
With --per-document it works as the RMOS application's own migrator really does (its stores open a
connection and commit for every document, SQLite's default rollback journal): the tool this flow replaces.
Usage: baseline.py DATA_DIR DB_FILE [--per-document]"""
import json, os, sqlite3, sys
from datetime import datetime, timezone

SCHEMA = [
    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT DEFAULT CURRENT_TIMESTAMP)",
    "CREATE TABLE strip_families (id TEXT PRIMARY KEY, name TEXT NOT NULL, strip_width_mm REAL NOT NULL, strip_thickness_mm REAL NOT NULL, material_type TEXT NOT NULL, strips_json TEXT NOT NULL, created_at TEXT, updated_at TEXT, metadata_json TEXT)",
    "CREATE TABLE patterns (id TEXT PRIMARY KEY, name TEXT NOT NULL, ring_count INTEGER NOT NULL, geometry_json TEXT NOT NULL, strip_family_id TEXT, created_at TEXT, updated_at TEXT, metadata_json TEXT, pattern_type TEXT DEFAULT 'generic', rosette_geometry TEXT)",
    "CREATE TABLE joblogs (id TEXT PRIMARY KEY, job_type TEXT NOT NULL, pattern_id TEXT, strip_family_id TEXT, status TEXT DEFAULT 'pending', start_time TEXT, end_time TEXT, duration_seconds REAL, parameters_json TEXT NOT NULL, results_json TEXT, created_at TEXT, updated_at TEXT)",
    "INSERT INTO schema_version (version) VALUES (2)",
]

def files(root, entity):
    out = []
    for d, _, names in os.walk(os.path.join(root, entity)):
        out += [os.path.join(d, n) for n in names if n.endswith(".json")]
    return sorted(out)

def exists(db, table, key):
    return key is None or db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (key,)).fetchone() is not None

class PerDocument:
    """A connection per statement, committed at once: how the application's stores write."""
    def __init__(self, path):
        self.path = path
    def execute(self, sql, args=()):
        db = sqlite3.connect(self.path)
        try:
            cur = db.execute(sql, args)
            rows = cur.fetchall()
            db.commit()
            return Rows(rows)
        finally:
            db.close()
    def commit(self):
        pass
    def close(self):
        pass

class Rows:
    def __init__(self, rows):
        self.rows = rows
    def fetchone(self):
        return self.rows[0] if self.rows else None

def main(root, db_file, per_document=False):
    if os.path.exists(db_file):
        os.remove(db_file)
    db = sqlite3.connect(db_file)
    for s in SCHEMA:
        db.execute(s)
    if per_document:
        db.commit()
        db.close()
        db = PerDocument(db_file)
    now = datetime.now(timezone.utc).isoformat()
    found = loaded = rejected = 0
    for entity in ("strip_families", "patterns", "joblogs"):
        for path in files(root, entity):
            found += 1
            try:
                with open(path, encoding="utf-8") as f:
                    d = json.load(f)
            except ValueError:
                rejected += 1
                continue
            if entity == "strip_families":
                ok = d.get("name") and isinstance(d.get("strip_width_mm"), (int, float)) and d["strip_width_mm"] > 0 \
                    and isinstance(d.get("strip_thickness_mm"), (int, float)) and d["strip_thickness_mm"] > 0 \
                    and d.get("material_type") and d.get("strips")
                if ok:
                    db.execute("INSERT OR REPLACE INTO strip_families VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (d["id"], d["name"], d["strip_width_mm"], d["strip_thickness_mm"], d["material_type"],
                                json.dumps(d["strips"]), d.get("created_at", now), d.get("updated_at", now), json.dumps(d.get("metadata", {}))))
            elif entity == "patterns":
                rosette = d.get("pattern_type") == "rosette"
                geometry = d.get("rosette_geometry") if rosette else d.get("geometry")
                ok = d.get("name") and isinstance(d.get("ring_count"), int) and d["ring_count"] >= 1 and isinstance(geometry, dict) \
                    and exists(db, "strip_families", d.get("strip_family_id"))
                if ok:
                    key = d.get("id") or "pat-" + str(abs(hash(json.dumps(d, sort_keys=True))))[:16]
                    db.execute("INSERT OR REPLACE INTO patterns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (key, d["name"], d["ring_count"], json.dumps(d.get("geometry") or {}), d.get("strip_family_id"),
                                d.get("created_at", now), d.get("updated_at", now), json.dumps(d.get("metadata", {})),
                                d.get("pattern_type", "generic"), json.dumps(d["rosette_geometry"]) if rosette else None))
            else:
                status = d.get("status", "pending")
                ok = d.get("job_type") and isinstance(d.get("parameters"), dict) \
                    and status in ("pending", "planned", "running", "completed", "failed", "cancelled") \
                    and (status != "completed" or d.get("end_time")) and exists(db, "patterns", d.get("pattern_id"))
                if ok:
                    db.execute("INSERT OR REPLACE INTO joblogs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (d["id"], d["job_type"], d.get("pattern_id"), d.get("strip_family_id"), status, d.get("start_time"),
                                d.get("end_time"), d.get("duration_seconds"), json.dumps(d["parameters"]),
                                json.dumps(d["results"]) if "results" in d else None, d.get("created_at", now), d.get("updated_at", now)))
            if ok:
                loaded += 1
            else:
                rejected += 1
    db.commit()
    db.close()
    print(json.dumps({"found": found, "loaded": loaded, "rejected": rejected}))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--per-document" in sys.argv[3:])
