package com.migrationhub.extruder.cutover;

import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.Escaping;
import com.migrationhub.core.Json;
import com.migrationhub.extruder.ParityReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code outbox/reports/cutover_check_<target>_<ts>.md} and {@code .json}: every check with its evidence and fix. */
public final class CutoverReport {

    private CutoverReport() {
    }

    public static Map<String, Object> toMap(CutoverChecks.CheckRun run, String instance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", run.target().label());
        m.put("checked", run.at().toString());
        m.put("instance", instance);
        m.put("passed", !run.anyFailed() && !run.unreachable());
        m.put("counts", run.counts());
        m.put("checks", run.results().stream().map(CheckResult::toMap).toList());
        return m;
    }

    /** Writes both files; returns them, JSON first. */
    public static List<Path> write(Path reports, CutoverChecks.CheckRun run, String instance) {
        String stem = "cutover_check_" + run.target().label() + "_" + ParityReport.STAMP.format(run.at());
        StringBuilder md = new StringBuilder("# Cut-over pre-checks: ").append(run.target().label()).append("\n\n");
        md.append("Checked ").append(run.at()).append(" by ").append(instance).append(": ");
        run.counts().forEach((k, v) -> md.append(v).append(' ').append(k).append(", "));
        md.setLength(md.length() - 2);
        md.append(".\n\n| check | status | evidence | fix |\n|---|---|---|---|\n");
        for (CheckResult r : run.results()) {
            md.append("| ").append(r.id()).append(" | ").append(r.status() == CheckStatus.PASS ? "pass" : "**" + r.status().label() + "**")
                    .append(" | ").append(Escaping.markdownCell(Json.write(r.evidence()))).append(" | ").append(Escaping.markdownCell(r.fix() == null ? "" : r.fix()))
                    .append(" |\n");
        }
        return List.of(AtomicFiles.writeString(reports.resolve(stem + ".json"), Json.pretty(toMap(run, instance))),
                AtomicFiles.writeString(reports.resolve(stem + ".md"), md.toString()));
    }
}
