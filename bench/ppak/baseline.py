#!/usr/bin/env python3
"""The baseline: the same PPak projects mapping in plain Python (csv + json, standard library only).

Decodes (UTF-8 with/without BOM, else Windows-1252), matches ShopPAK or snake_case headers ignoring case
and spacing, parses money and dates, maps status and phase through the mapping tables, applies the same
validation rules (cell count, status mapped, customer, due >= start, key repeated in the file), and writes
the canonical JSON array (pretty, as the hub does) and the rejected-rows CSV. It keeps no database.
Usage: baseline.py EXPORT.csv MAPPINGS_DIR OUT_DIR"""
import csv, json, os, re, sys
from datetime import date, datetime

ALIASES = {"jobid": "job_id", "projectid": "job_id", "jobnumber": "job_number", "projectnumber": "job_number",
           "description": "name", "projectname": "name", "jobname": "name", "jobtype": "job_type", "projecttype": "job_type",
           "jobstatus": "status", "status": "status", "phase": "phase", "billtocustomer": "customer", "customer": "customer",
           "jobcontact": "contact_name", "contactemail": "contact_email", "customeremail": "contact_email",
           "contactphone": "contact_phone", "customerphone": "contact_phone", "address1": "address", "address": "address",
           "city": "city", "state": "state", "zip": "zip", "startdate": "start_date", "duedate": "due_date",
           "completiondate": "due_date", "sellprice": "sell_price", "estimatedvalue": "sell_price",
           "percentcomplete": "percent_complete", "notes": "notes"}

def norm(label):
    return re.sub(r"[^0-9a-z]", "", label.lower())

def load_mapping(path, key, canonical, innergy):
    with open(path, encoding="utf-8", newline="") as f:
        return {r[key].strip().lower(): (r[canonical], r[innergy]) for r in csv.DictReader(f) if r.get(key)}

def parse_date(text):
    if not text:
        return None
    try:
        if "/" in text:
            return datetime.strptime(text, "%m/%d/%Y").date()
        return date.fromisoformat(text)
    except ValueError:
        return None

def parse_money(text):
    if not text:
        return None
    try:
        return float(text.replace("$", "").replace(",", ""))
    except ValueError:
        return None

def open_text(path):
    with open(path, "rb") as f:
        raw = f.read(3)
    if raw == b"\xef\xbb\xbf":
        return open(path, encoding="utf-8-sig", newline="")
    try:
        with open(path, encoding="utf-8") as f:
            for _ in f:
                pass
        return open(path, encoding="utf-8", newline="")
    except UnicodeDecodeError:
        return open(path, encoding="cp1252", newline="")

def main(export, mappings, out):
    statuses = load_mapping(os.path.join(mappings, "status_mapping.csv"), "ppak_status", "canonical_status", "innergy_status")
    phases = load_mapping(os.path.join(mappings, "phase_mapping.csv"), "ppak_phase", "canonical_phase", "innergy_phase")
    os.makedirs(out, exist_ok=True)
    seen = {}
    found = loaded = rejected = 0
    with open_text(export) as f, open(os.path.join(out, "canonical_projects.json"), "w", encoding="utf-8") as js, \
            open(os.path.join(out, "rejected.csv"), "w", encoding="utf-8", newline="") as rj:
        reader = csv.reader(f)
        header = next(reader)
        index = {}
        for i, h in enumerate(header):
            field = ALIASES.get(norm(h))
            if field and field not in index:
                index[field] = i
        rejects = csv.writer(rj)
        rejects.writerow(header + ["_line", "_reason"])
        js.write("[")
        first = True
        line = 1
        for cells in reader:
            line += 1
            found += 1
            def get(field):
                i = index.get(field)
                v = cells[i].strip() if i is not None and i < len(cells) else ""
                return v or None
            reason = None
            if len(cells) != len(header):
                reason = f"wrong number of cells: expected {len(header)}, found {len(cells)}"
            else:
                status = statuses.get((get("status") or "").lower())
                phase = phases.get((get("phase") or "").lower())
                start, due = parse_date(get("start_date")), parse_date(get("due_date"))
                number = get("job_number") or get("job_id")
                if status is None:
                    reason = f"status `{get('status')}` unmapped"
                elif not get("customer"):
                    reason = "no bill-to customer"
                elif start and due and due < start:
                    reason = f"due date {due} before start date {start}"
                elif number in seen:
                    reason = f"Job Id {get('job_id')} repeated in the file (first at line {seen[number]})"
            if reason:
                rejected += 1
                rejects.writerow(cells + [line, reason])
                continue
            seen[number] = line
            record = {"project_number": number, "ppak_job_id": get("job_id"), "name": get("name"),
                      "project_type": get("job_type"), "status": status[0], "innergy_status": status[1],
                      "phase": phase[0] if phase else None, "innergy_phase": phase[1] if phase else None,
                      "ppak_status": get("status"), "ppak_phase": get("phase"), "customer": get("customer"),
                      "contact": {"name": get("contact_name"), "email": get("contact_email"), "phone": get("contact_phone")},
                      "address": {"line1": get("address"), "city": get("city"), "state": get("state"), "zip": get("zip")},
                      "start_date": start.isoformat() if start else None, "due_date": due.isoformat() if due else None,
                      "sell_price": parse_money(get("sell_price")), "percent_complete": parse_money(get("percent_complete")),
                      "notes": get("notes")}
            js.write(("\n" if first else ",\n") + json.dumps(record, indent=2))
            first = False
            loaded += 1
        js.write("\n]\n")
    print(json.dumps({"found": found, "loaded": loaded, "rejected": rejected}))

if __name__ == "__main__":
    main(*sys.argv[1:4])
