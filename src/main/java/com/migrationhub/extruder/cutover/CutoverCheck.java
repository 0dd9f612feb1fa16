package com.migrationhub.extruder.cutover;

/** One keyed pre-check of the cut-over (SPEC §10). */
public interface CutoverCheck {

    /** The stable id users and the automation agent select it by. */
    String id();

    /** Whether it reads the extruder database: skipped, not run, when the database cannot be reached. */
    default boolean needsDatabase() {
        return false;
    }

    CheckResult run(CheckContext context) throws Exception;
}
