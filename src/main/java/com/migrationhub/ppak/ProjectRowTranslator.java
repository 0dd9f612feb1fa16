package com.migrationhub.ppak;

import com.migrationhub.canonical.CanonicalProject;
/** Translator: a PPak project row becomes a canonical project, or a reject saying why it cannot. */
public final class ProjectRowTranslator {

    public ChunkOutcome<CanonicalProject> translate(RowChunk chunk) {
        return ChunkOutcome.translate(chunk, (cells, col, warn) -> {
            String jobId = col.get(cells, "job_id");
            String number = col.get(cells, "job_number");
            return ChunkOutcome.Verdict.keep(CanonicalProject.unmapped(
                    number != null ? number : jobId,
                    jobId,
                    col.get(cells, "name"),
                    col.get(cells, "job_type"),
                    col.get(cells, "status"),
                    col.get(cells, "phase"),
                    col.get(cells, "customer"),
                    new CanonicalProject.Contact(col.get(cells, "contact_name"), col.get(cells, "contact_email"),
                            col.get(cells, "contact_phone")),
                    new CanonicalProject.Address(col.get(cells, "address"), col.get(cells, "city"),
                            col.get(cells, "state"), col.get(cells, "zip")),
                    warn.orNull(() -> PpakValues.date(col.get(cells, "start_date")), "start date"),
                    warn.orNull(() -> PpakValues.date(col.get(cells, "due_date")), "due date"),
                    warn.orNull(() -> PpakValues.money(col.get(cells, "sell_price")), "sell price"),
                    warn.orNull(() -> PpakValues.number(col.get(cells, "percent_complete")), "percent complete"),
                    col.get(cells, "notes")));
        });
    }
}
