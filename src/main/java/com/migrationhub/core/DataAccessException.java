package com.migrationhub.core;

import java.sql.SQLException;

/** An infrastructure fault in a database: retried or reported, never a row-level reject. */
public class DataAccessException extends RuntimeException {
    public DataAccessException(String database, SQLException cause) {
        super("database " + database + ": " + cause.getMessage(), cause);
    }
}
