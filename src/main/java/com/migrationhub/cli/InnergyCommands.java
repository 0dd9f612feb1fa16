package com.migrationhub.cli;

import com.migrationhub.core.HubSettings;
import java.util.Map;

/** What the INNERGY commands share: their settings and their human summaries. */
final class InnergyCommands {

    private InnergyCommands() {
    }

    /** One-shot INNERGY commands: no inbox polling, no schedule; {@code flags} from the command line. */
    static HubSettings settings(HubOptions options, Map<String, String> flags) {
        Map<String, String> all = new java.util.LinkedHashMap<>(flags);
        all.put("hub.ppak.autostart", "false");
        all.put("hub.materials.sync.autostart", "false");
        return options.settings(all);
    }

    @SuppressWarnings("unchecked")
    static long failed(Map<String, Object> report) {
        long n = 0;
        for (String k : new String[] {"projects", "work_orders"}) {
            Object c = report.get(k);
            if (c instanceof Map<?, ?> m && m.get("failed") instanceof Number f) {
                n += f.longValue();
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    static String importSummary(Map<String, Object> r) {
        Map<String, Object> p = (Map<String, Object>) r.get("projects");
        Map<String, Object> w = (Map<String, Object>) r.get("work_orders");
        StringBuilder s = new StringBuilder();
        s.append(String.format("import-projects (%s) from %s to %s%n", r.get("mode"), r.get("source"), r.get("innergy")));
        s.append(String.format("  projects:    %s created, %s updated, %s unchanged, %s failed%n", p.get("created"),
                p.get("updated"), p.get("unchanged"), p.get("failed")));
        s.append(String.format("  work orders: %s created, %s updated, %s unchanged, %s failed%n", w.get("created"),
                w.get("updated"), w.get("unchanged"), w.get("failed")));
        for (Object f : (java.util.List<Object>) r.get("failures")) {
            Map<String, Object> m = (Map<String, Object>) f;
            s.append(String.format("  failed %s %s: %s%n", m.get("entity"), m.get("key"), m.get("reason")));
        }
        if (r.get("plan_file") != null) {
            s.append("  dry-run: nothing sent; the writes are planned in ").append(r.get("plan_file")).append(System.lineSeparator());
        }
        s.append("  report: ").append(r.get("report"));
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    static String syncSummary(Map<String, Object> r) {
        Map<String, Object> c = (Map<String, Object>) r.get("counts");
        StringBuilder s = new StringBuilder();
        s.append(String.format("sync-materials (%s): %s against %s%n", r.get("mode"), r.get("master"), r.get("innergy")));
        s.append(String.format("  %s new, %s updated, %s inactive, %s unchanged, %s failed; %s unmanaged in INNERGY%s%n",
                c.get("new"), c.get("updated"), c.get("inactive"), c.get("unchanged"), c.get("failed"), c.get("unmanaged"),
                ((Number) c.get("deactivated_missing")).longValue() > 0 ? " (" + c.get("deactivated_missing") + " deactivated)" : ""));
        for (Object u : (java.util.List<Object>) r.get("updated")) {
            Map<String, Object> m = (Map<String, Object>) u;
            s.append("  updated ").append(m.get("sku")).append(":");
            for (Object d : (java.util.List<Object>) m.get("differences")) {
                Map<String, Object> dm = (Map<String, Object>) d;
                s.append(" ").append(dm.get("field")).append(" ").append(dm.get("innergy")).append(" -> ").append(dm.get("master")).append(";");
            }
            s.append(System.lineSeparator());
        }
        for (Object f : (java.util.List<Object>) r.get("failed")) {
            Map<String, Object> m = (Map<String, Object>) f;
            s.append(String.format("  failed %s (line %s): %s%n", m.get("sku"), m.get("line"), m.get("reason")));
        }
        if (r.get("plan_file") != null) {
            s.append("  dry-run: nothing sent; the writes are planned in ").append(r.get("plan_file")).append(System.lineSeparator());
        }
        s.append("  report: ").append(r.get("report"));
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    static String healthSummary(Map<String, Object> r) {
        StringBuilder s = new StringBuilder();
        s.append("health-check: ").append(r.get("overall_health")).append(System.lineSeparator());
        for (Object e : (java.util.List<Object>) r.get("errors")) {
            s.append("  error: ").append(e).append(System.lineSeparator());
        }
        for (Object w : (java.util.List<Object>) r.get("warnings")) {
            s.append("  warning: ").append(w).append(System.lineSeparator());
        }
        s.append("  report: ").append(r.get("report"));
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sub(Map<String, Object> cycle, String key) {
        return (Map<String, Object>) cycle.get(key);
    }

    /** The demo's INNERGY cycle ({@code InnergyServices.cycle}) in a few lines. */
    @SuppressWarnings("unchecked")
    static String cycleSummary(Map<String, Object> cycle) {
        Map<String, Object> sync = sub(cycle, "material_sync");
        Map<String, Object> imp = sub(cycle, "import");
        Map<String, Object> health = sub(cycle, "health_check");
        Map<String, Object> c = (Map<String, Object>) sync.get("counts");
        Map<String, Object> p = (Map<String, Object>) imp.get("projects");
        Map<String, Object> w = (Map<String, Object>) imp.get("work_orders");
        StringBuilder s = new StringBuilder();
        s.append(String.format("material sync (%s): %s new, %s updated, %s inactive, %s unchanged, %s failed, %s unmanaged%n",
                sync.get("mode"), c.get("new"), c.get("updated"), c.get("inactive"), c.get("unchanged"), c.get("failed"),
                c.get("unmanaged")));
        s.append(String.format("project import (%s): projects %s created, %s updated, %s unchanged, %s failed; "
                        + "work orders %s created, %s updated, %s unchanged, %s failed%n", imp.get("mode"), p.get("created"),
                p.get("updated"), p.get("unchanged"), p.get("failed"), w.get("created"), w.get("updated"), w.get("unchanged"),
                w.get("failed")));
        s.append("health check: ").append(health.get("overall_health"));
        for (Object e : (java.util.List<Object>) health.get("errors")) {
            s.append(System.lineSeparator()).append("  error: ").append(e);
        }
        for (Object e : (java.util.List<Object>) health.get("warnings")) {
            s.append(System.lineSeparator()).append("  warning: ").append(e);
        }
        s.append(System.lineSeparator()).append("reports: ").append(health.get("report")).append(" and the others in the same folder");
        return s.toString();
    }
}
