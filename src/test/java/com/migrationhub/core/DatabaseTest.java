package com.migrationhub.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new SQLite database gets large pages before WAL fixes its page size; an existing one is left as it is. */
class DatabaseTest {

    @TempDir
    Path dir;

    private static String pragma(Database db, String name) {
        return db.withConnection(c -> {
            try (var rs = c.createStatement().executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Test
    void aNewSqliteFileIsCreatedWithSixteenKibPagesInWalMode() {
        String url = "jdbc:sqlite:" + dir.resolve("data/hub.db") + "?journal_mode=WAL&busy_timeout=10000";
        try (Database db = Database.open("hub", url)) {
            assertThat(pragma(db, "page_size")).isEqualTo("16384");
            assertThat(pragma(db, "journal_mode")).isEqualTo("wal");
            assertThat(db.sqliteFile()).isEqualTo(dir.resolve("data/hub.db"));
        }
        try (Database reopened = Database.open("hub", url)) {
            assertThat(pragma(reopened, "page_size")).isEqualTo("16384");
            long rows = reopened.withConnection(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM canonical_projects")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(rows).isZero();
        }
    }
}
