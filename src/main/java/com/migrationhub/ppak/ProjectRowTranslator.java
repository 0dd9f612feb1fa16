package com.migrationhub.ppak;

import com.migrationhub.core.SourceRow;
import java.math.BigDecimal;
import java.time.LocalDate;

/** Translator: a PPak project row becomes a canonical project, or a reject saying why it cannot. */
public final class ProjectRowTranslator {

    public ChunkOutcome<CanonicalProject> translate(RowChunk chunk) {
        ChunkOutcome<CanonicalProject> outcome = new ChunkOutcome<>(chunk);
        Columns col = chunk.columns();
        for (SourceRow row : chunk.rows()) {
            String widthProblem = RowShape.problem(col, row);
            if (widthProblem != null) {
                outcome.reject(row, widthProblem);
                continue;
            }
            var cells = row.cells();
            RowWarnings warn = new RowWarnings(chunk.batch(), chunk.export().fileName(), row.line());
            String jobId = col.get(cells, "job_id");
            String number = col.get(cells, "job_number");
            LocalDate start = warn.orNull(() -> PpakValues.date(col.get(cells, "start_date")), "start date");
            LocalDate due = warn.orNull(() -> PpakValues.date(col.get(cells, "due_date")), "due date");
            BigDecimal price = warn.orNull(() -> PpakValues.money(col.get(cells, "sell_price")), "sell price");
            BigDecimal percent = warn.orNull(() -> PpakValues.number(col.get(cells, "percent_complete")), "percent complete");
            outcome.accept(row, new CanonicalProject(
                    number != null ? number : jobId,
                    jobId,
                    col.get(cells, "name"),
                    col.get(cells, "job_type"),
                    null, null, null, null,
                    col.get(cells, "status"),
                    col.get(cells, "phase"),
                    col.get(cells, "customer"),
                    new CanonicalProject.Contact(col.get(cells, "contact_name"), col.get(cells, "contact_email"),
                            col.get(cells, "contact_phone")),
                    new CanonicalProject.Address(col.get(cells, "address"), col.get(cells, "city"),
                            col.get(cells, "state"), col.get(cells, "zip")),
                    start, due, price, percent,
                    col.get(cells, "notes")));
        }
        return outcome;
    }
}
