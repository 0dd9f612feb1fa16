package com.migrationhub.ppak;

/** The three PPak export types, in the order they must load: a work order names a project. */
public enum ExportKind {
    PROJECTS("projects", "canonical_projects", "ppak_job_id", "project"),
    MATERIALS("materials", "canonical_materials", null, "material"),
    WORK_ORDERS("work_orders", "canonical_work_orders", "project_key", "work_order");

    private final String prefix;
    private final String table;
    private final String referenceColumn;
    private final String innergyEntity;

    ExportKind(String prefix, String table, String referenceColumn, String innergyEntity) {
        this.prefix = prefix;
        this.table = table;
        this.referenceColumn = referenceColumn;
        this.innergyEntity = innergyEntity;
    }

    public String prefix() { return prefix; }
    public String table() { return table; }
    /** The table's column beside the natural key that other lookups use (a project's job id, a work order's project), or null. */
    public String referenceColumn() { return referenceColumn; }
    /** The entity name of this kind's records in {@code innergy_links}. */
    public String innergyEntity() { return innergyEntity; }
}
