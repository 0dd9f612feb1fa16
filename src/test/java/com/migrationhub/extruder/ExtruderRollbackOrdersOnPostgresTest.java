package com.migrationhub.extruder;

import com.migrationhub.testing.PostgresSchema;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every extruder sample batch rolled back in every order with EXTRUDER_DB_URL on PostgreSQL (foreign keys checked as it writes). */
class ExtruderRollbackOrdersOnPostgresTest extends ExtruderRollbackOrdersTest {

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("extruder_rollback_it");

    @Override
    protected Map<String, String> databaseSettings() {
        return Map.of("hub.extruder.db.url", postgres.url());
    }

    /** The failing database is made with a SQLite trigger: the SQLite test covers it. */
    @Override
    void aRollbackThatFailsInTheDatabaseIsExit3WithAPlainSentenceAndChangesNothing() {
    }
}
