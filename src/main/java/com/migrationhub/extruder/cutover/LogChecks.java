package com.migrationhub.extruder.cutover;

import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The controller's logs: what is there, how long it takes to load, and whether their clock agrees with the hub's. */
final class LogChecks {

    /** A first sample further than this from its log's name is a clock or time-zone disagreement. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(15);

    private LogChecks() {
    }


    /** {@code hub.extruder.timezone}, or the machine's zone; an unknown zone is a configuration error. */
    static ZoneId zone(HubSettings settings) {
        String id = settings.get("hub.extruder.timezone", "");
        try {
            return id.isBlank() ? ZoneId.systemDefault() : ZoneId.of(id.strip());
        } catch (java.time.DateTimeException e) {
            throw new HubConfigurationException("hub.extruder.timezone: unknown time zone '" + id + "'");
        }
    }

    /** {@code logs.inventory}: files, bytes, header versions, names the flow will reject, estimated rows. */
    record Inventory() implements CutoverCheck {
        public String id() { return "logs.inventory"; }

        public CheckResult run(CheckContext c) {
            LogInventory inv = c.inventory();
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("dir", String.valueOf(inv.dir()));
            if (!inv.exists()) {
                return CheckResult.fail(id(), ev, "point --logs (or hub.extruder.live-dir) at the controller's log folder: " + inv.dir()
                        + " does not exist");
            }
            ev.put("files", inv.logs().size());
            ev.put("bytes", inv.bytes());
            ev.put("header_versions", inv.versions());
            ev.put("estimated_rows", inv.estimatedRows());
            ev.put("rejected", inv.refused().stream().map(r -> Map.of("name", r.name(), "reason", r.reason())).toList());
            if (inv.logs().isEmpty()) {
                return CheckResult.warn(id(), ev, "no run_YYYYMMDD_HHMMSS.csv logs in " + inv.dir() + ": check --logs");
            }
            return CheckResult.of(id(), inv.refused().isEmpty(), CheckStatus.WARN, ev, inv.refused().size()
                    + " files will be rejected whole (listed with their reasons): rename or remove them, or accept them as dead letters");
        }
    }

    /** {@code logs.estimate}: the expected ingestion time, rows and database growth, with the formula. */
    record Estimate() implements CutoverCheck {
        public String id() { return "logs.estimate"; }
        public boolean needsDatabase() { return true; }

        public CheckResult run(CheckContext c) {
            IngestEstimate e = c.estimate();
            if (e == null) {
                if (c.inventory().logs().isEmpty()) {
                    return CheckResult.skipped(id(), c.noEstimate());
                }
                return CheckResult.warn(id(), Map.of("reason", c.noEstimate()), "fix what stopped the calibration, then check again");
            }
            return CheckResult.pass(id(), e.toMap());
        }
    }

    /**
     * {@code clock.timezone}: {@code hub.extruder.timezone} set, and the local times in the log names agree with their
     * first samples (v3 logs carry epoch seconds; v1/v2 only times of day, which cannot disagree with a zone).
     */
    record ClockTimezone() implements CutoverCheck {
        public String id() { return "clock.timezone"; }

        public CheckResult run(CheckContext c) {
            Map<String, Object> ev = new LinkedHashMap<>();
            String configured = c.settings().get("hub.extruder.timezone", "");
            ZoneId zone = zone(c.settings());
            ev.put("hub.extruder.timezone", configured);
            ev.put("zone_used", zone.getId());
            List<Map<String, Object>> disagree = new ArrayList<>();
            long compared = 0;
            for (LogInventory.Log log : c.inventory().logs()) {
                if (log.firstSample() == null) {
                    continue;
                }
                compared++;
                Duration off = Duration.between(log.named(), log.firstSample());
                if (off.abs().compareTo(CLOCK_TOLERANCE) > 0 && disagree.size() < 10) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("log", log.file().getFileName().toString());
                    d.put("named", log.named().toString());
                    d.put("first_sample", log.firstSample().toString());
                    d.put("offset_minutes", off.toMinutes());
                    disagree.add(d);
                }
            }
            ev.put("logs_compared", compared);
            ev.put("disagreeing", disagree);
            if (!disagree.isEmpty()) {
                long minutes = (long) disagree.get(0).get("offset_minutes");
                return CheckResult.fail(id(), ev, String.format("the log names are %+d min off their first samples in %s: set "
                        + "hub.extruder.timezone to the controller's zone", minutes, zone));
            }
            if (configured.isBlank()) {
                return CheckResult.warn(id(), ev, "set hub.extruder.timezone to the controller's zone (the machine's, " + zone
                        + ", is used now)");
            }
            return CheckResult.pass(id(), ev);
        }
    }
}
