package com.migrationhub.extruder;

import com.migrationhub.testing.LocalPostgres;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** The same live logs cut, overwritten, replaced, renamed and deleted, with the extruder database on PostgreSQL. */
class ExtruderLiveChangesOnPostgresTest extends ExtruderLiveChangesTest {

    private static final boolean POSTGRES = LocalPostgres.reachable();
    private String url;

    @Override
    protected Map<String, String> settingsOverrides() {
        Map<String, String> settings = new LinkedHashMap<>(super.settingsOverrides());
        if (POSTGRES) {
            url = LocalPostgres.freshSchemaUrl("extruder_live");
            settings.put("hub.extruder.db.url", url);
        }
        return settings;
    }

    @BeforeEach
    void onPostgres() {
        Assumptions.assumeTrue(POSTGRES, "PostgreSQL on 127.0.0.1:5432 is not reachable: test skipped");
        Assumptions.assumeTrue(services().extruder().db().isPostgres());
    }

    /** The checks of every test first, then the service stopped, then its schema dropped. */
    @AfterEach
    @Override
    void nothingLeftRecordingOrRunning() {
        try {
            super.nothingLeftRecordingOrRunning();
        } finally {
            if (context != null) {
                context.stop();
            }
            if (url != null) {
                LocalPostgres.dropSchemaOf(url);
            }
        }
    }
}
