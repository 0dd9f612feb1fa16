package com.migrationhub.ppak;

/** A record of the canonical model, stored by its natural key. */
public interface CanonicalRecord {
    String naturalKey();
}
