package com.migrationhub.extruder.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.migrationhub.core.Database;
import com.migrationhub.extruder.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the watch counts the controller's errors from, and a database that stops answering, on a real SQLite file. */
class CutoverWatchTest {

    @TempDir
    Path home;

    private Checklist checklist() {
        return new Checklist(home.resolve("data/cutover/checklist.json"), "test-instance");
    }

    private Path lever() {
        return home.resolve("data/cutover/db-writes");
    }

    @Test
    void theCutoverIsProductionsDualWriteElseTheActiveTargetsElseTheLeverSetOn() throws Exception {
        Checklist checklist = checklist();
        assertThat(CutoverWatch.since(checklist.read(), lever())).as("nothing yet").isNull();

        Files.createDirectories(lever().getParent());
        Files.writeString(lever(), "off\n");
        assertThat(CutoverWatch.since(checklist.read(), lever())).as("the lever off is no cut-over").isNull();
        Files.writeString(lever(), "on\n");
        CutoverWatch.Since lever = CutoverWatch.since(checklist.read(), lever());
        assertThat(lever.source()).isEqualTo("cutover db-writes on");
        assertThat(lever.at()).isEqualTo(Files.getLastModifiedTime(lever()).toInstant());

        checklist.update(s -> checklist.mark(s, "staging", "dual-write", true, "the live tailer", null, "rehearsal"));
        CutoverWatch.Since staging = CutoverWatch.since(checklist.read(), lever());
        assertThat(staging.source()).isEqualTo("checklist: staging dual-write, the live tailer on test-instance");

        checklist.update(s -> {
            s.active = "production";
            checklist.mark(s, "production", "dual-write", true, "the live tailer", null, "the night window");
        });
        CutoverWatch.Since production = CutoverWatch.since(checklist.read(), lever());
        assertThat(production.source()).startsWith("checklist: production dual-write");
        assertThat(production.at()).isEqualTo(Instant.parse(checklist.read().items("production").get("dual-write").at()));

        // db-writes off un-ticks dual-write: the count waits for the next tick (or the lever set on again)
        checklist.update(s -> checklist.mark(s, "production", "dual-write", false, "cutover db-writes off", lever(), "rollback"));
        Files.writeString(lever(), "off\n");
        assertThat(CutoverWatch.since(checklist.read(), lever())).as("staging's rehearsal is not production's cut-over").isNull();
    }

    @Test
    void aDatabaseThatStopsAnsweringMakesTheDatabaseCheckDownAndTheErrorsUnknown() throws Exception {
        Database db = Database.open("extruder", "jdbc:sqlite:" + home.resolve("data/extruder.db"));
        Files.createDirectories(lever().getParent());
        Files.writeString(lever(), "on\n");
        EventStore events = new EventStore(db);
        events.insertEvents("logger_2026-12-08.jsonl", List.of(
                new EventStore.LoggerEvent(1, "ERROR", "logger", "heater_fault", "{}", Instant.now().plusSeconds(1)),
                new EventStore.LoggerEvent(2, "error", "logger", "sensor_timeout", "{}", Instant.now().plusSeconds(2)),
                new EventStore.LoggerEvent(3, "WARN", "logger", "data_missing", "{}", Instant.now().plusSeconds(2))), 1);
        try (CutoverWatch watch = new CutoverWatch(db, events, checklist(), lever(), home)) {
            CutoverWatch.Reading first = watch.reading();
            assertThat(first.failure()).isNull();
            assertThat(first.engine()).isEqualTo("sqlite");
            assertThat(first.controllerErrors()).as("ERROR in any case, not WARN").isEqualTo(2);
            assertThat(first.latestError()).containsEntry("event", "sensor_timeout");
            assertThat(first.freeBytes()).containsKeys("home", "database");
            assertThat(watch.connectionsInUse()).isNaN();
            assertThat(watch.maxConnections()).isNaN();
            assertThat(watch.standbyReplayLagSeconds()).isNaN();
            assertThat(watch.controllerErrorsSinceCutover()).isEqualTo(2.0);
            assertThat(watch.databaseUp()).isEqualTo(1.0);
            assertThat(watch.freeBytes("database")).isPositive();
            HealthCheck check = CutoverWatchHealthCheck.database(watch);
            assertThat(check.call(Map.of()).getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(watch.reading()).as("a reading serves for a few seconds").isSameAs(first);

            db.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> watch.reading().failure() != null);
            CutoverWatch.Reading failed = watch.reading();
            assertThat(failed.failure()).startsWith("the extruder database did not answer: ");
            assertThat(failed.controllerErrors()).isNull();
            assertThat(failed.freeBytes()).as("the disks are still seen").containsKeys("home", "database");
            HealthCheck.Result down = check.call(Map.of());
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("the extruder database did not answer"));
            assertThat(watch.controllerErrorsSinceCutover()).isNaN();
            assertThat(watch.databaseUp()).isZero();
        }
    }

    @Test
    void aReadingOlderThanFreshAndStalledIsADatabaseNoLongerAnswering() {
        Instant now = Instant.now();
        CutoverWatch.Reading recent = new CutoverWatch.Reading(now.minusSeconds(10), "postgresql", 1L, 100L, 3L, List.of(), Map.of(),
                null, null, null, null, null);
        CutoverWatch.Reading old = new CutoverWatch.Reading(now.minus(CutoverWatch.FRESH).minus(CutoverWatch.STALLED).minusSeconds(1),
                "postgresql", 1L, 100L, 3L, List.of(), Map.of(), null, null, null, null, null);
        assertThat(CutoverWatch.stalled(recent, now)).isFalse();
        assertThat(CutoverWatch.stalled(old, now)).isTrue();
    }
}
