package com.migrationhub.core;

import java.sql.SQLException;

/** An infrastructure fault in a database: retried or reported, never a row-level reject. */
public class DataAccessException extends RuntimeException {

    private final String database;

    public DataAccessException(String database, SQLException cause) {
        super("database " + database + ": " + cause.getMessage(), cause);
        this.database = database;
    }

    /** The database's name: hub, extruder, rmos, cluster. */
    public String database() {
        return database;
    }
}
