package com.migrationhub.rmos;

import java.util.Optional;

/**
 * The three RMOS document kinds, in load order: strip families before the patterns that use them,
 * patterns before the job logs that name them. The folder under the data dir says which is which.
 */
public enum RmosEntity {
    STRIP_FAMILIES("strip_families", "fam", "strip family"),
    PATTERNS("patterns", "pat", "pattern"),
    JOBLOGS("joblogs", "job", "job log");

    private final String folder;
    private final String idPrefix;
    private final String label;

    RmosEntity(String folder, String idPrefix, String label) {
        this.folder = folder;
        this.idPrefix = idPrefix;
        this.label = label;
    }

    /** The folder name, which is also the RMOS table name and the key in stats. */
    public String folder() { return folder; }
    public String table() { return folder; }
    public String idPrefix() { return idPrefix; }
    public String label() { return label; }

    /** The entity of a path relative to the data dir, from its first folder. */
    public static Optional<RmosEntity> ofRelativePath(String relativePath) {
        String p = relativePath.replace('\\', '/');
        int slash = p.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        return ofFolder(p.substring(0, slash));
    }

    public static Optional<RmosEntity> ofFolder(String folder) {
        for (RmosEntity e : values()) {
            if (e.folder.equals(folder)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
