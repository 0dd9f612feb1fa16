#!/usr/bin/env python3
"""The plain-Python ingester the hub is compared with: the standard library's csv and sqlite3 only.

Reads every run log in a folder (any of the three header versions), turns NAN/empty/non-numeric cells into NULL,
and inserts the rows with executemany in transactions of 5,000 into a typed table shaped like the hub's run_samples
(same primary key and time index, same SQLite settings). Timestamps stay as the log has them (no zone work): this is
the cheap end of what an ingester must do. Prints one JSON line with the counts.

usage: baseline.py LOG_DIR DB_FILE
"""
import csv, glob, json, os, sqlite3, sys

COLUMNS = ["T1_Feed", "T2_Mid", "T3_Nozzle", "T_Motor", "Target_Z1", "Target_Z2", "Pwr_Z1_%", "Pwr_Z2_%", "RPM_Main", "RPM_Feed"]


def num(cell):
    try:
        v = float(cell)
        return None if v != v else v
    except ValueError:
        return None


def main():
    log_dir, db_file = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(db_file)
    db.execute("PRAGMA page_size = 16384")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE run_samples (run_id INTEGER NOT NULL, line INTEGER NOT NULL, recorded_at TEXT NOT NULL, "
               + ", ".join(c.lower().replace("%", "pct") + " REAL" for c in COLUMNS)
               + ", status TEXT, partial INTEGER NOT NULL, PRIMARY KEY (run_id, line)) WITHOUT ROWID")
    db.execute("CREATE INDEX run_samples_time ON run_samples (run_id, recorded_at)")
    found = loaded = rejected = 0
    for run_id, path in enumerate(sorted(glob.glob(os.path.join(log_dir, "run_*.csv"))), start=1):
        with open(path, newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None) or []
            index = [header.index(c) if c in header else None for c in COLUMNS]
            status_at = header.index("Status")
            batch = []
            for line, row in enumerate(reader, start=2):
                found += 1
                if len(row) != len(header):
                    rejected += 1
                    continue
                status = row[status_at]
                partial = status.endswith("_PARTIAL")
                values = [num(row[i]) if i is not None else None for i in index]
                batch.append((run_id, line, row[0], *values, status[:-8] if partial else status, int(partial)))
                if len(batch) == 5000:
                    with db:
                        db.executemany("INSERT INTO run_samples VALUES (" + ",".join("?" * 15) + ")", batch)
                    loaded += len(batch)
                    batch = []
            with db:
                db.executemany("INSERT INTO run_samples VALUES (" + ",".join("?" * 15) + ")", batch)
            loaded += len(batch)
    db.close()
    print(json.dumps({"found": found, "loaded": loaded, "rejected": rejected}))


if __name__ == "__main__":
    main()
