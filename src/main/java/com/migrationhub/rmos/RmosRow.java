package com.migrationhub.rmos;

import java.util.List;
import java.util.Map;

/**
 * A validated document as the RMOS application's row: the column values by (code-defined) column
 * name, and the documents it references, which must be loaded before it.
 *
 * @param createdAt the document's own created_at, or null: then a new row gets the migration time and
 *                  an updated row keeps the one it had
 */
public record RmosRow(RmosEntity entity, String id, Map<String, Object> columns, String createdAt,
                      List<Reference> references) {

    /** A reference from one document to another: {@code field} names the id of a {@code target}. */
    public record Reference(String field, RmosEntity target, String id) {
        public String describe() {
            return "unknown " + target.label() + " " + id + " (" + field + ")";
        }
    }
}
