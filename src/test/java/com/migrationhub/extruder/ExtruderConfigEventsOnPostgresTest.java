package com.migrationhub.extruder;

import com.migrationhub.testing.PostgresSchema;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same configuration, events, alarms and runs-API story with EXTRUDER_DB_URL on PostgreSQL. */
class ExtruderConfigEventsOnPostgresTest extends ExtruderConfigEventsTest {

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("extruder_cfg_it");

    @Override
    protected Map<String, String> databaseSettings() {
        return Map.of("hub.extruder.db.url", postgres.url());
    }
}
