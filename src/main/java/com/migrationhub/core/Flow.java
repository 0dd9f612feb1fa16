package com.migrationhub.core;

import java.util.Arrays;
import java.util.List;

/** The hub's flows, by the name the ledger, dead letters, folders, reports and the API use. */
public enum Flow {
    PPAK, INNERGY, EXTRUDER, RMOS;

    /** The name in folders, tables and URLs: {@code ppak}, {@code innergy}, {@code extruder}, {@code rmos}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The flow of a name the ledger holds, if it is one. */
    public static java.util.Optional<Flow> of(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Flow::id).toList();
    }
}
