package com.migrationhub.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL schema per test, for the {@code *OnPostgres*} twins of SQLite tests: the test is skipped, with a
 * visible message, when PostgreSQL is not reachable; the schema is made on first use and dropped after the test.
 * Register with {@code @RegisterExtension final PostgresSchema postgres = new PostgresSchema("prefix");}.
 */
public final class PostgresSchema implements BeforeEachCallback, AfterEachCallback {

    private static final boolean REACHABLE = LocalPostgres.reachable();
    private final String prefix;
    private String url;

    public PostgresSchema(String prefix) {
        this.prefix = prefix;
    }

    /** The JDBC URL of this test's schema. */
    public String url() {
        if (url == null) {
            url = LocalPostgres.freshSchemaUrl(prefix);
        }
        return url;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(REACHABLE, "PostgreSQL on 127.0.0.1:5432 is not reachable: test skipped");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (url != null) {
            LocalPostgres.dropSchemaOf(url);
            url = null;
        }
    }
}
