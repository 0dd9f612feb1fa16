package com.migrationhub.rmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RMOS loader without Camel, on a real rmos.db and hub.db: a batch's documents in reference order, what each became
 * (loaded, updated, skipped, rejected, waiting), and the ledger's counts for it.
 */
class RmosLoaderTest {

    @TempDir
    Path home;
    private HubCore hub;
    private RmosServices rmos;
    private Path data;

    @BeforeEach
    void open() throws Exception {
        hub = new HubCore(HubSettings.of(home, Map.of()));
        rmos = new RmosServices(hub);
        data = Files.createDirectories(home.resolve("staging"));
    }

    @AfterEach
    void close() {
        hub.close();
    }

    /** One batch of the shipped sample documents (copied first: a settled batch archives its originals). */
    private RmosBatch load(String... relativePaths) throws Exception {
        List<Object> checked = new ArrayList<>();
        for (String rel : relativePaths) {
            Path copy = data.resolve(rel);
            Files.createDirectories(copy.getParent());
            Files.copy(Path.of("samples/rmos", rel), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            checked.add(new DocumentValidator().check(new DocumentReader().read(copy.toFile(), rel)));
        }
        RmosLoader loader = rmos.loader();
        RmosBatch batch = loader.open(checked);
        loader.load(batch);
        loader.close(batch);
        return batch;
    }

    private long count(String table) throws Exception {
        try (Connection c = rmos.db().connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void familiesLoadBeforeTheirPatternsAnInvalidDocumentIsRejectedAndTheSameDocumentsAgainAreSkipped() throws Exception {
        RmosBatch first = load("patterns/herringbone-3.json", "strip_families/ebony-standard.json", "strip_families/bad-width.json");

        assertThat(first.events()).extracting(e -> e.doc().relativePath(), RmosBatch.Event::kind).containsExactlyInAnyOrder(
                tuple("strip_families/ebony-standard.json", RmosBatch.Kind.LOADED),
                tuple("patterns/herringbone-3.json", RmosBatch.Kind.LOADED),
                tuple("strip_families/bad-width.json", RmosBatch.Kind.REJECTED));
        assertThat(List.of(first.run().found(), first.run().loaded(), first.run().rejected(), first.run().skipped()))
                .containsExactly(3L, 2L, 1L, 0L);
        assertThat(hub.deadLetters().pending("rmos")).singleElement().satisfies(letter -> {
            assertThat(letter.sourceFile()).isEqualTo("strip_families/bad-width.json");
            assertThat(letter.reason()).contains("strip_width_mm");
        });
        assertThat(count("strip_families")).isEqualTo(1);
        assertThat(count("patterns")).isEqualTo(1);

        RmosBatch again = load("patterns/herringbone-3.json", "strip_families/ebony-standard.json");
        assertThat(again.events()).extracting(RmosBatch.Event::kind).containsOnly(RmosBatch.Kind.SKIPPED);
        assertThat(List.of(again.run().found(), again.run().loaded(), again.run().skipped())).containsExactly(2L, 0L, 2L);
    }

    @Test
    void aPatternWhoseFamilyHasNotArrivedWaitsAndLoadsWithTheBatchThatBringsIt() throws Exception {
        RmosBatch early = load("patterns/herringbone-3.json");
        assertThat(early.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(RmosBatch.Kind.WAITING);
            assertThat(e.reason()).contains("fam-ebony-std");
        });
        assertThat(count("patterns")).isZero();
        assertThat(count("migration_waiting_documents")).isEqualTo(1);

        RmosBatch family = load("strip_families/ebony-standard.json");
        assertThat(family.events()).extracting(e -> e.doc().relativePath(), RmosBatch.Event::kind, RmosBatch.Event::fromThisBatch)
                .containsExactly(tuple("strip_families/ebony-standard.json", RmosBatch.Kind.LOADED, true),
                        tuple("patterns/herringbone-3.json", RmosBatch.Kind.LOADED, false));
        assertThat(count("patterns")).isEqualTo(1);
        assertThat(count("migration_waiting_documents")).isZero();
        assertThat(hub.deadLetters().pending("rmos")).extracting(DeadLetter::sourceFile).isEmpty();
    }

    @Test
    void aChangedDocumentUpdatesItsRow() throws Exception {
        load("strip_families/ebony-standard.json");
        Path changed = data.resolve("strip_families/ebony-standard.json");
        Files.createDirectories(changed.getParent());
        String text = Files.readString(Path.of("samples/rmos/strip_families/ebony-standard.json"));
        Files.writeString(changed, text.replaceFirst("\"name\"\\s*:\\s*\"[^\"]*\"", "\"name\": \"Ebony, renamed\""));
        RmosLoader loader = rmos.loader();
        RmosBatch batch = loader.open(List.of(new DocumentValidator().check(
                new DocumentReader().read(changed.toFile(), "strip_families/ebony-standard.json"))));
        loader.load(batch);
        loader.close(batch);

        assertThat(batch.events()).singleElement().extracting(RmosBatch.Event::kind).isEqualTo(RmosBatch.Kind.UPDATED);
        assertThat(batch.run().updated()).isEqualTo(1L);
        try (Connection c = rmos.db().connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM strip_families")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Ebony, renamed");
        }
    }
}
