package com.migrationhub.ppak;

/** The three PPak export types, in the order they must load: a work order names a project. */
public enum ExportKind {
    PROJECTS("projects", "canonical_projects"),
    MATERIALS("materials", "canonical_materials"),
    WORK_ORDERS("work_orders", "canonical_work_orders");

    private final String prefix;
    private final String table;

    ExportKind(String prefix, String table) {
        this.prefix = prefix;
        this.table = table;
    }

    public String prefix() { return prefix; }
    public String table() { return table; }
}
