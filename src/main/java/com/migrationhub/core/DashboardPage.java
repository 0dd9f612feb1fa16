package com.migrationhub.core;

import java.util.List;
import java.util.Map;

/** {@code GET /}: the operator dashboard, one server-rendered page; every value from data is escaped. */
public final class DashboardPage {

    private final OperatorConsole console;

    public DashboardPage(OperatorConsole console) {
        this.console = console;
    }

    @SuppressWarnings("unchecked")
    public String render() {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Migration Hub</title>")
                .append("<meta http-equiv=\"refresh\" content=\"10\"><style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}")
                .append("table{border-collapse:collapse;margin:0 0 2rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}")
                .append("th{background:#f3f3f3}.n{text-align:right}.bad{color:#b00020;font-weight:600}</style></head><body>")
                .append("<h1>Migration Hub</h1><p>instance ").append(esc(console.status().get("instance"))).append("</p>")
                .append("<h2>Flows</h2><table><tr><th>flow</th><th>files</th><th>found</th><th>loaded</th>")
                .append("<th>rejected</th><th>skipped</th><th>last batch</th><th>dead-letter backlog</th></tr>");
        Map<String, Map<String, Object>> flows = (Map<String, Map<String, Object>>) console.status().get("flows");
        flows.forEach((flow, f) -> {
            Map<String, Object> last = (Map<String, Object>) f.get("last_batch");
            long backlog = ((Number) f.get("dead_letter_backlog")).longValue();
            h.append("<tr><td>").append(esc(flow)).append("</td>");
            for (String k : List.of("files", "found", "loaded", "rejected", "skipped")) {
                h.append("<td class=\"n\">").append(esc(f.get(k))).append("</td>");
            }
            h.append("<td>").append(last == null ? "" : esc(last.get("source")) + " (" + esc(last.get("status")) + ")")
                    .append("</td><td class=\"n").append(backlog > 0 ? " bad" : "").append("\">").append(backlog).append("</td></tr>");
        });
        h.append("</table><h2>Recent batches</h2><table><tr><th>#</th><th>flow</th><th>source</th><th>status</th>")
                .append("<th>found</th><th>loaded</th><th>rejected</th><th>skipped</th><th>finished</th></tr>");
        for (Map<String, Object> b : console.batches(null, "20")) {
            h.append("<tr><td class=\"n\">").append(esc(b.get("id"))).append("</td><td>").append(esc(b.get("flow")))
                    .append("</td><td>").append(esc(b.get("source"))).append("</td><td>").append(esc(b.get("status")))
                    .append("</td>");
            for (String k : List.of("found", "loaded", "rejected", "skipped")) {
                h.append("<td class=\"n\">").append(esc(b.get(k))).append("</td>");
            }
            h.append("<td>").append(esc(b.get("finished"))).append("</td></tr>");
        }
        h.append("</table><h2>Dead letters waiting</h2><table><tr><th>#</th><th>flow</th><th>source</th><th>line</th>")
                .append("<th>reason</th></tr>");
        for (Map<String, Object> d : console.deadLetters(null)) {
            h.append("<tr><td class=\"n\">").append(esc(d.get("id"))).append("</td><td>").append(esc(d.get("flow")))
                    .append("</td><td>").append(esc(d.get("source_file"))).append("</td><td class=\"n\">")
                    .append(esc(d.get("line"))).append("</td><td>").append(esc(d.get("reason"))).append("</td></tr>");
        }
        h.append("</table><p>JSON: <a href=\"/api/status\">/api/status</a> · <a href=\"/api/batches\">/api/batches</a> · ")
                .append("<a href=\"/api/dead-letters\">/api/dead-letters</a> · <a href=\"/observe/health\">/observe/health</a>")
                .append("</p><p>Redrive: <code>./hub dead-letter replay --flow F --id N</code> or ")
                .append("<code>POST /api/dead-letters/replay</code>.</p></body></html>");
        return h.toString();
    }

    private static String esc(Object value) {
        return Escaping.html(value);
    }
}
