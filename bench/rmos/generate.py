#!/usr/bin/env python3
"""Writes N RMOS documents, one JSON file each, as an RMOS data dir: strip_families/, patterns/ (some in
sub-folders, some rosettes, some legacy files without an id) and joblogs/ (slice, batch, contour, assembly
and rosette_* jobs, every status). References point at documents of the same run. About 1 document in
100 is invalid (a negative width, no geometry, a completed job without end_time, half-written JSON) and
must be rejected. Usage: generate.py DATA_DIR N"""
import json, os, sys

STATUSES = ["pending", "planned", "running", "completed", "failed", "cancelled"]
JOB_TYPES = ["slice", "batch", "contour", "assembly", "rosette_slice_batch", "rosette_assembly"]
MATERIALS = ["Ebony", "Maple", "Rosewood", "Walnut", "Holly", "Padauk"]

def write(path, doc, broken=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        text = json.dumps(doc, indent=2)
        f.write(text[: len(text) // 2] if broken else text)

def main(root, n):
    families = max(1, n // 10)
    patterns = max(1, n * 6 // 10)
    joblogs = n - families - patterns
    expected_invalid = 0
    for i in range(families):
        bad = i % 100 == 99
        expected_invalid += bad
        write(f"{root}/strip_families/fam-{i:06d}.json", {
            "id": f"fam-{i:06d}", "name": f"Family {i}", "strip_width_mm": -1 if bad else 1.0 + (i % 20) / 10,
            "strip_thickness_mm": 0.5 + (i % 5) / 10, "material_type": MATERIALS[i % len(MATERIALS)],
            "strips": [{"id": f"s{i}-{k}", "length_mm": 380 + k, "position": k} for k in range(4)],
            "metadata": {"supplier": "Tonewood Supply", "batch": f"2025-{(i % 12) + 1:02d}"},
            "created_at": f"2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}T09:{i % 60:02d}:00"})
    for i in range(patterns):
        f = i % families
        family = f"fam-{f - 1 if f % 100 == 99 else f:06d}"  # never the invalid family
        rosette = i % 7 == 3
        doc = {"id": f"pat-{i:06d}", "name": f"Pattern {i}", "ring_count": 1 + i % 5}
        if rosette:
            doc.update({"pattern_type": "rosette", "geometry": None, "rosette_geometry": {
                "rings": [{"radius_mm": 40 + r, "width_mm": 1.5, "tile_length_mm": 2.0} for r in range(1 + i % 5)],
                "segmentation": {"mode": "uniform", "count": 96}}, "metadata": {"complexity": "high"}})
        else:
            doc.update({"geometry": {"rings": [{"radius_mm": 40 + 2 * r, "segments": 60 + 12 * r} for r in range(1 + i % 5)]},
                        "strip_family_id": family, "metadata": {"tags": ["classical"]}})
        bad = i % 100 == 98
        if bad and not rosette:
            del doc["geometry"]
        expected_invalid += bad and not rosette
        if i % 50 == 7:
            del doc["id"]  # a legacy file: gets a stable id from its content
            doc["name"] = f"Legacy pattern {i}"
        folder = "patterns/rosette" if rosette else f"patterns/{i % 4}"
        write(f"{root}/{folder}/pattern-{i:06d}.json", doc)
    for i in range(joblogs):
        pattern = i % patterns
        if pattern % 100 == 98 or pattern % 50 == 7:
            pattern = 0
        status = STATUSES[i % len(STATUSES)]
        doc = {"id": f"job-{i:06d}", "job_type": JOB_TYPES[i % len(JOB_TYPES)], "pattern_id": f"pat-{pattern:06d}",
               "status": status, "parameters": {"blade_angle": 45, "feed_rate": 80 + i % 40},
               "start_time": "2025-11-28T10:00:00"}
        if status == "completed":
            doc.update({"end_time": "2025-11-28T10:45:00", "duration_seconds": 2700, "results": {"cuts_made": 180}})
        broken = i % 100 == 97
        expected_invalid += broken
        write(f"{root}/joblogs/{i // 1000:03d}/job-{i:06d}.json", doc, broken=broken)
    print(json.dumps({"documents": n, "strip_families": families, "patterns": patterns, "joblogs": joblogs,
                      "expected_invalid": expected_invalid}))

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
