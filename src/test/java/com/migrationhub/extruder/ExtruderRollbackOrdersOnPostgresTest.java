package com.migrationhub.extruder;

import com.migrationhub.testing.LocalPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** Every extruder sample batch rolled back in every order with EXTRUDER_DB_URL on PostgreSQL (foreign keys checked as it writes). */
class ExtruderRollbackOrdersOnPostgresTest extends ExtruderRollbackOrdersTest {

    private static final boolean POSTGRES = LocalPostgres.reachable();
    private String url;

    @Override
    protected Map<String, String> databaseSettings() {
        if (!POSTGRES) {
            return Map.of(); // skipped below, with a visible message
        }
        if (url == null) {
            url = LocalPostgres.freshSchemaUrl("extruder_rollback_it");
        }
        return Map.of("hub.extruder.db.url", url);
    }

    /** The failing database is made with a SQLite trigger: the SQLite test covers it. */
    @Override
    void aRollbackThatFailsInTheDatabaseIsExit3WithAPlainSentenceAndChangesNothing() {
    }

    @BeforeEach
    void requirePostgres() {
        Assumptions.assumeTrue(POSTGRES, "PostgreSQL on 127.0.0.1:5432 is not reachable: test skipped");
    }

    @AfterEach
    void dropSchema() {
        if (url != null) {
            LocalPostgres.dropSchemaOf(url);
        }
    }
}
