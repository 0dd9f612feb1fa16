package com.migrationhub.extruder.cutover;

import java.util.Locale;

/** A pre-check's verdict (SPEC §10): {@code pass}, {@code warn}, {@code fail} or {@code skipped}. */
public enum CheckStatus {
    PASS, WARN, FAIL, SKIPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
