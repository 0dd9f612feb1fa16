package com.migrationhub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.migrationhub.HubTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile drop folder holds, in every inbox: links to files and folders outside it, dangling links, a folder
 * named like an export, names that differ only in non-ASCII characters, the same bad name twice. Nothing outside the
 * inbox is read or touched, every entry becomes one dead letter that keeps its own bytes, nothing stays behind.
 */
class InboxRulesRouteTest extends HubTestSupport {

    private static final String SECRET = "TOP-SECRET first line of a file outside the inbox";

    private final Path outside = tempDir();

    @Override
    protected List<String> routeFiles() {
        return List.of("ppak", "rmos", "extruder");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("hub-outside-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void removeOutside() throws Exception {
        try (Stream<Path> walk = Files.walk(outside)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private List<DeadLetter> awaitDeadLetters(String flow, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> services().deadLetters().pending(flow).size() >= n);
        return services().deadLetters().pending(flow);
    }

    @Test
    void linksAreNeverFollowedAndFoldersDoNotStayBehind() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), SECRET + "\nsecond line\n");
        Path rmosDir = Files.createDirectories(outside.resolve("rmosdir"));
        Path kept = Files.writeString(rmosDir.resolve("family.json"), "{\"id\": \"SF-OUTSIDE\"}");

        Path ppak = Files.createDirectories(inbox("ppak"));
        Files.createSymbolicLink(ppak.resolve("projects_2024-07-12.csv"), secret);
        Files.createSymbolicLink(ppak.resolve("materials_2024-07-12.csv"), outside.resolve("gone.csv"));
        Path folder = Files.createDirectories(ppak.resolve("work_orders_2024-07-12.csv"));
        Files.writeString(folder.resolve("inside.txt"), "kept");
        Path families = Files.createDirectories(inbox("rmos").resolve("strip_families"));
        Files.createSymbolicLink(families.resolve("linkeddir"), rmosDir);
        Files.createSymbolicLink(families.resolve("linked.json"), secret);
        Path logs = Files.createDirectories(inbox("extruder").resolve("logs"));
        Files.createSymbolicLink(logs.resolve("run_20251203_090000.csv"), secret);

        List<DeadLetter> ppakLetters = awaitDeadLetters("ppak", 3);
        List<DeadLetter> rmosLetters = awaitDeadLetters("rmos", 2);
        List<DeadLetter> extruderLetters = awaitDeadLetters("extruder", 1);

        assertThat(ppakLetters).extracting(DeadLetter::sourceFile, DeadLetter::reason).containsExactlyInAnyOrder(
                tuple("projects_2024-07-12.csv", InboxSweep.LINK_REASON),
                tuple("materials_2024-07-12.csv", InboxSweep.LINK_REASON),
                tuple("work_orders_2024-07-12.csv",
                        "a folder, not a file: ppak takes only files lying directly in its inbox"));
        assertThat(rmosLetters).extracting(DeadLetter::sourceFile).containsExactlyInAnyOrder(
                "strip_families/linkeddir", "strip_families/linked.json");
        assertThat(rmosLetters).allSatisfy(d -> assertThat(d.reason()).isEqualTo(InboxSweep.LINK_REASON));
        assertThat(extruderLetters).extracting(DeadLetter::reason).containsExactly(InboxSweep.LINK_REASON);

        // Nothing outside the inbox was read, removed or copied; the folder's content is in its dead letter.
        assertThat(secret).hasContent(SECRET + "\nsecond line");
        assertThat(kept).exists();
        assertThat(outbox().resolve("dead-letter/ppak/work_orders_2024-07-12.csv/inside.txt")).hasContent("kept");
        try (Stream<Path> all = Files.walk(home())) {
            assertThat(all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).filter(p -> !p.toString().endsWith(".db")
                    && !p.toString().contains(".db-")).map(InboxRulesRouteTest::read))
                    .noneMatch(text -> text.contains("TOP-SECRET"));
        }
        try (Stream<Path> left = Files.walk(home().resolve("inbox"))) {
            assertThat(left.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))).isEmpty();
        }
        assertThat(ppak).isEmptyDirectory();
        assertThat(services().ledger().recent(null, 100)).hasSize(6)
                .allSatisfy(b -> assertThat(b.status()).isEqualTo(BatchLedger.REJECTED_FILE));

        // Replaying a link's dead letter does not read through it either.
        // Every flow has a link's dead letter (asserted above); each is replayed, none may be skipped.
        for (List<DeadLetter> letters : List.of(ppakLetters, rmosLetters, extruderLetters)) {
            DeadLetter link = letters.stream().filter(d -> InboxSweep.LINK_REASON.equals(d.reason())).findFirst().orElseThrow();
            ReplayOutcome outcome = template.requestBody("direct:" + link.flow() + "-replay", link, ReplayOutcome.class);
            assertThat(outcome.loaded()).as(link.toString()).isFalse();
            assertThat(services().deadLetters().find(link.id()).reason()).isEqualTo(InboxSweep.LINK_REASON);
        }
        try (Stream<Path> all = Files.walk(home())) {
            assertThat(all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(InboxRulesRouteTest::read))
                    .noneMatch(text -> text.contains("TOP-SECRET"));
        }

        // The inboxes still work.
        drop("samples/ppak/projects_2024-01-15.csv", ppak);
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 10).stream()
                .anyMatch(b -> b.source().equals("projects_2024-01-15.csv") && BatchLedger.DONE.equals(b.status())));
    }

    @Test
    void everyDeadLetterKeepsItsOwnBytesAndName() throws Exception {
        Path ppak = Files.createDirectories(inbox("ppak"));
        Files.writeString(ppak.resolve("ünknown é.csv"), "first file\n");
        Files.writeString(ppak.resolve("ünknown ü.csv"), "second file\n");
        Files.writeString(ppak.resolve("projects_2024-07-01.csv"), "");
        awaitDeadLetters("ppak", 3);
        Files.writeString(ppak.resolve("projects_2024-07-01.csv"), " \n");
        List<DeadLetter> letters = awaitDeadLetters("ppak", 4);

        assertThat(letters).extracting(DeadLetter::payload).doesNotHaveDuplicates();
        for (DeadLetter d : letters) {
            assertThat(Path.of(d.payload()).getFileName().toString()).isEqualTo(d.sourceFile());
        }
        assertThat(letters.stream().filter(d -> d.sourceFile().equals("ünknown é.csv")).findFirst().orElseThrow().fileCopy())
                .hasContent("first file");
        assertThat(letters.stream().filter(d -> d.sourceFile().equals("ünknown ü.csv")).findFirst().orElseThrow().fileCopy())
                .hasContent("second file");
        List<Path> emptyOnes = letters.stream().filter(d -> d.sourceFile().equals("projects_2024-07-01.csv"))
                .map(d -> Path.of(d.payload())).toList();
        assertThat(emptyOnes).hasSize(2);
        assertThat(emptyOnes.get(0)).isEmptyFile();
        assertThat(emptyOnes.get(1)).hasContent(" ");
        // A whole-file reject's reason is the plain sentence, not Camel's bean-invocation wrapper.
        assertThat(letters).filteredOn(d -> d.sourceFile().startsWith("projects_"))
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo("empty file: no header and no rows"));
        assertThat(Files.readString(emptyOnes.get(1).resolveSibling("projects_2024-07-01.csv.reason.txt")))
                .isEqualTo("empty file: no header and no rows" + System.lineSeparator());
        Path log = home().resolve("logs").resolve("ppak_etl.log");
        String logged = Files.readString(log);
        assertThat(logged).doesNotContain("RejectedFileException").doesNotContain("Failed to invoke").doesNotContain("\tat ");
        assertThat(logged.lines().filter(l -> l.contains("projects_2024-07-01.csv rejected: empty file")))
                .hasSize(2).allSatisfy(l -> assertThat(l).contains(" WARN "));
    }

    @Test
    void aRejectedRowsFileIsNeverOverwrittenByALaterExportOfTheSameName() throws Exception {
        Path ppak = Files.createDirectories(inbox("ppak"));
        drop("ppak/projects_2024-03-04.csv", ppak);
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 10).stream()
                .anyMatch(b -> BatchLedger.DONE.equals(b.status())));
        Path first = outbox().resolve("dead-letter/ppak/projects_2024-03-04.csv.rejected.csv");
        String firstRejects = Files.readString(first);
        Files.writeString(ppak.resolve("projects_2024-03-04.csv"),
                "Job Id,Job Name,Customer,Status,Phase,Start Date,Due Date,Sell Price,Notes,PM\nonly,three,cells\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 10).stream()
                .filter(b -> BatchLedger.DONE.equals(b.status())).count() == 2);
        assertThat(first).hasContent(firstRejects.strip());
        assertThat(outbox().resolve("dead-letter/ppak/projects_2024-03-04.csv.rejected.2.csv")).content().contains("only,three,cells");
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
