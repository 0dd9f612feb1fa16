package com.migrationhub.cli;

import com.migrationhub.HubServices;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.lineage.Lineage;
import com.migrationhub.lineage.Trace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hub trace KIND KEY}: where a record came from (the exact original line, the mapping rows in the versions that
 * applied), its versions, dead letters and deliveries, as one timeline (SPEC §11, docs/LINEAGE.md). Exit 0 found,
 * 1 not found, 2 an unknown kind or a key of the wrong shape.
 */
@Command(name = "trace", description = "Where a record came from and where it went: the original line, mappings, versions, "
        + "dead letters, deliveries, as one timeline.")
public final class TraceCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Parameters(index = "0", paramLabel = "KIND", description = "project, material, work-order, innergy, run, sample, profile, "
            + "event, alarm, rmos or dead-letter")
    String kind;

    @Parameters(index = "1", paramLabel = "KEY", description = "the natural key (a project's number or PPak job id), an INNERGY "
            + "id, RUN:LINE for a sample, NAME:VERSION for a profile, ENTITY:ID for RMOS, or an id")
    String key;

    @Override
    public Integer call() {
        try (HubServices services = HubServices.open(options.settings(Map.of()))) {
            Optional<Trace> trace;
            try {
                trace = services.lineage().lineage(kind, key);
            } catch (IllegalArgumentException e) {
                throw new HubConfigurationException(e.getMessage());
            }
            if (trace.isEmpty()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("subject", Map.of("kind", kind, "key", key));
                result.put("found", false);
                return options.output().print(ExitCodes.REJECTS, result, Lineage.notStored(kind, key));
            }
            return options.output().print(ExitCodes.CLEAN, trace.get().answer(), human(trace.get()));
        }
    }

    static String human(Trace t) {
        StringBuilder out = new StringBuilder(t.subject().kind() + " " + t.subject().key() + "\n");
        Trace.Source s = t.source();
        if (s != null) {
            out.append("  source   ").append(s.file()).append(s.line() == null ? "" : " line " + s.line())
                    .append(s.sha256() == null ? "" : " (sha256 " + s.sha256() + ")").append('\n');
            out.append("  archive  ").append(s.archive() == null ? "-" : s.archive()).append('\n');
            out.append("  text     ").append(s.text().replace("\n", "\n           ")).append('\n');
        }
        if (t.batch() != null) {
            out.append("  batch    ").append(t.batch().id()).append(" on ").append(t.batch().instance()).append(" at ")
                    .append(t.batch().started()).append('\n');
        }
        t.mappings().forEach(m -> out.append("  mapping  ").append(m.file()).append(" row ").append(m.row()).append(": `")
                .append(m.from()).append("` -> ").append(m.to()).append(" (file sha256 ").append(m.fileSha256()).append(")\n"));
        out.append("  timeline\n");
        t.timeline().forEach(step -> out.append("    ").append(step.at()).append("  ")
                .append(step.batch() == null ? "" : "batch " + step.batch() + ": ").append(step.what()).append('\n'));
        return out.toString().stripTrailing();
    }
}
