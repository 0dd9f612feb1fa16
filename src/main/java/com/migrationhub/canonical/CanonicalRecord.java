package com.migrationhub.canonical;

/** A record of the canonical model, stored by its natural key. */
public interface CanonicalRecord {
    String naturalKey();
}
