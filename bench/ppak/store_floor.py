#!/usr/bin/env python3
"""The floor of the hub's canonical store on this machine: ROWS rows of canonical_projects' shape (a ~570-byte
JSON payload, key, job id, source file and line, SHA-256 hex, batch, timestamp) inserted into a fresh SQLite file
with the hub's schema and settings (16 KiB pages, WAL, synchronous=NORMAL, 2,500 rows per transaction), by the
sqlite3 C module's executemany: no CSV, no mapping, no JSON rendering. The hub's one-shot run cannot be faster
than its start plus this, since SQLite takes one writer at a time. Usage: store_floor.py DB_FILE ROWS"""
import os, sqlite3, sys, time

def main(path, rows):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    started = time.perf_counter()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA page_size = 16384")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("""CREATE TABLE canonical_projects (natural_key TEXT PRIMARY KEY, ppak_job_id TEXT, payload TEXT NOT NULL,
        source_file TEXT NOT NULL, source_line INTEGER NOT NULL, content_hash TEXT NOT NULL, innergy_id TEXT,
        batch_id INTEGER NOT NULL, updated TEXT NOT NULL)""")
    db.execute("CREATE INDEX canonical_projects_job_id ON canonical_projects (ppak_job_id)")
    padding = "x" * 480
    def batch(first, last):
        for i in range(first, last):
            yield (f"J-{i:07d}", str(i), f'{{"project_number":"J-{i:07d}","notes":"{padding}"}}',
                   "projects_2024-06-01.csv", i + 2, f"{i:064x}", 1, "2026-01-01T00:00:00.000000000Z")
    for first in range(0, rows, 2500):
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO canonical_projects (natural_key, ppak_job_id, payload, source_file, source_line, "
                       "content_hash, batch_id, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch(first, min(rows, first + 2500)))
        db.execute("COMMIT")
    db.close()
    print(f"{time.perf_counter() - started:.2f}")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
