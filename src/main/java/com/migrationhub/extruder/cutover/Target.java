package com.migrationhub.extruder.cutover;

import java.util.Locale;

/** Where a cut-over step runs: the rehearsal first, then the night window. */
public enum Target {
    STAGING, PRODUCTION;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Target of(String text) {
        for (Target t : values()) {
            if (t.label().equalsIgnoreCase(text.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target '" + text + "': staging or production");
    }
}
