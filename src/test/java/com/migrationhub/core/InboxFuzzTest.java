package com.migrationhub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.migrationhub.HubTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

/**
 * A few hundred mutated files per flow (seeded: a failure replays exactly) dropped into the running PPak, RMOS and
 * extruder inboxes (logs, config, events), among them the poison cases (numbers that overflow a double, dates that do
 * not exist, timestamps after the year 9999, NULs and binary content, names Camel cannot read). For every file:
 * exactly one place (the archive, or a dead letter with a reason), one batch, counts that add up, no stack trace or
 * class name in any reason, nothing stuck in the inbox, a bounded number of log lines, and the service still healthy.
 */
class InboxFuzzTest extends HubTestSupport {

    private static final long SEED = Long.getLong("hub.fuzz.seed", 20261128L);
    private static final int FILES = Integer.getInteger("hub.fuzz.files", 300);
    private static final List<String> PPAK = List.of("projects_2024-01-15.csv", "materials_2024-01-15.csv",
            "work_orders_2024-01-15.csv", "projects_2024-02-01.csv");
    private static final List<String> RMOS = List.of("patterns/herringbone-3.json", "patterns/truncated.json",
            "patterns/rosette/studio-rosette-a.json", "patterns/orphan-family.json", "patterns/rope-classic.json",
            "patterns/no-id-spiral.json", "patterns/missing-geometry.json", "joblogs/completed-no-end.json",
            "joblogs/no-params.json", "joblogs/slice-001.json", "joblogs/rosette-batch.json",
            "strip_families/bad-width.json", "strip_families/ebony-standard.json", "strip_families/maple-bw.json");

    private static final String SPECIALS = "\",;\n\r\u0000{}[]:";

    private final Random random = new Random(SEED);

    @Override
    protected List<String> routeFiles() {
        return List.of("ppak", "rmos", "extruder");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        return Map.of("hub.ppak.chunk-size", "50", "hub.rmos.orphan-check-ms", "3600000");
    }

    @Test
    void everyMutatedFileEndsInExactlyOnePlace() throws Exception {
        Path ppak = Files.createDirectories(inbox("ppak"));
        Path rmos = Files.createDirectories(inbox("rmos"));
        List<String> ppakNames = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            String sample = PPAK.get(random.nextInt(PPAK.size()));
            String kind = sample.substring(0, sample.lastIndexOf('_'));
            String name = random.nextInt(20) == 0 ? "fuzz_" + i + (random.nextBoolean() ? " é.csv" : ".txt")
                    : kind + "_" + LocalDate.of(2020, 1, 1).plusDays(i) + ".csv";
            Files.write(ppak.resolve(name), mutate(bytes("samples/ppak/" + sample)));
            ppakNames.add(name);
        }
        List<String> rmosPaths = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            String sample = RMOS.get(random.nextInt(RMOS.size()));
            String folder = random.nextInt(30) == 0 ? "notes" : sample.substring(0, sample.indexOf('/'));
            String path = folder + "/fuzz-" + i + (random.nextInt(30) == 0 ? ".txt" : ".json");
            Path file = rmos.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, random.nextInt(3) == 0 ? bytes("samples/rmos/" + sample) : mutate(bytes("samples/rmos/" + sample)));
            rmosPaths.add(path);
        }

        await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> inboxEmpty(ppak) && inboxEmpty(rmos)
                && context.getInflightRepository().size() == 0);
        // Documents still waiting for a reference that never comes are settled now, as the orphan timeout would.
        template.requestBody("direct:rmos-expire", Instant.now().plusSeconds(3600));

        Map<String, Long> archived = archived();
        Map<String, List<DeadLetter>> lettered = new HashMap<>();
        for (DeadLetter d : services().deadLetters().all(null)) {
            assertThat(d.reason()).as(d.toString()).doesNotContain("\tat ").doesNotContain("Exception")
                    .doesNotContain("Failed to invoke").doesNotContain("com.migrationhub").isNotBlank();
            if (!DeadLetter.ROW.equals(d.kind())) {
                lettered.computeIfAbsent(d.flow() + ":" + d.sourceFile(), k -> new ArrayList<>()).add(d);
                assertThat(Path.of(d.payload())).as(d.toString()).exists();
            }
        }
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        ppakNames.forEach(name -> keys.put("ppak:" + name, "ppak:" + AtomicFiles.safeName(name)));
        rmosPaths.forEach(path -> keys.put("rmos:" + path, "rmos:" + AtomicFiles.safeName(Path.of(path).getFileName().toString())));
        int inOnePlace = 0;
        List<String> lost = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        for (Map.Entry<String, String> file : keys.entrySet()) {
            long places = archived.getOrDefault(file.getValue(), 0L) + lettered.getOrDefault(file.getKey(), List.of()).size();
            if (places == 1) {
                inOnePlace++;
            } else if (places == 0) {
                lost.add(file.getKey());
            } else {
                twice.add(file.getKey() + " in " + places + " places");
            }
        }
        long stuck = countFiles(ppak) + countFiles(rmos) + services().rmos().store().waiting().size();
        System.out.printf("fuzz (seed %d): %d files tried, %d in one place, %d stuck, %d lost, %d in two places%n",
                SEED, 2 * FILES, inOnePlace, stuck, lost.size(), twice.size());
        assertThat(lost).as("lost").isEmpty();
        assertThat(twice).as("in two places").isEmpty();
        assertThat(stuck).as("stuck").isZero();
        assertThat(inOnePlace).isEqualTo(2 * FILES);

        // Counts add up: per batch, and over the RMOS batches every document found once.
        List<BatchLedger.Batch> batches = services().ledger().recent(null, 500);
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.status()).as(b.toString()).isIn(BatchLedger.DONE, BatchLedger.DUPLICATE, BatchLedger.REJECTED_FILE);
            assertThat(b.found()).as(b.toString()).isEqualTo(b.loaded() + b.rejected() + b.skipped());
        });
        assertThat(batches.stream().filter(b -> b.flow().equals("ppak")).count()).isEqualTo(FILES);
        assertThat(batches.stream().filter(b -> b.flow().equals("rmos")).mapToLong(BatchLedger.Batch::found).sum()).isEqualTo(FILES);
        for (BatchLedger.Batch b : batches) {
            if (b.flow().equals("ppak")) {
                assertThat(services().deadLetters().ofBatch(b.id()).stream().filter(d -> DeadLetter.ROW.equals(d.kind())).count())
                        .as(b.toString()).isEqualTo(b.rejected());
            }
        }

        // Healthy: every route and the context up, and the inboxes take a good file afterwards.
        assertThat(HealthCheckHelper.invokeReadiness(context)).allSatisfy(r -> assertThat(r.getState()).isEqualTo(HealthCheck.State.UP));
        drop("samples/ppak/projects_2024-01-15.csv", ppak, "projects_2030-01-01.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> services().ledger().recent("ppak", 1).stream()
                .anyMatch(b -> b.source().equals("projects_2030-01-01.csv") && !BatchLedger.RUNNING.equals(b.status())));
    }

    private static final int EXTRUDER_FILES = Integer.getInteger("hub.fuzz.extruder-files", 60);
    private static final List<String> LOGS = List.of("run_20251122_211646.csv", "run_20251128_235800.csv", "run_20251201_183000.csv");
    private static final List<String> POISON = List.of("1e400", "-1e400", "Infinity", "NaN", "1e20", "999999999999.000",
            "\u0000", "\u001b[2J", "2025-13-45", "25:61:61");

    @Test
    void everyMutatedExtruderFileEndsInExactlyOnePlaceWithOneBatch() throws Exception {
        Path root = inbox("extruder");
        Path logs = Files.createDirectories(root.resolve("logs"));
        Path config = Files.createDirectories(root.resolve("config"));
        Path events = Files.createDirectories(root.resolve("events"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < EXTRUDER_FILES; i++) {
            String stamp = LocalDate.of(2024, 1, 1).plusDays(i).toString().replace("-", "");
            String log = switch (random.nextInt(20)) {
                case 0 -> "run_" + stamp.substring(0, 4) + "1345_1200" + String.format("%02d", i % 60) + ".csv";
                case 1 -> "run_<script>" + i + "<\\script>.csv";
                default -> "run_" + stamp + "_12" + String.format("%04d", i % 10000) + ".csv";
            };
            Files.write(logs.resolve(log), poisoned(bytes("samples/extruder/logs/" + LOGS.get(random.nextInt(LOGS.size())))));
            names.add("logs/" + log);
            String snapshot = random.nextInt(10) == 0 ? "config_2025-13-45_" + String.format("%06d", i) + ".json"
                    : random.nextInt(10) == 0 ? "config_2025-12-01_25" + String.format("%04d", i) + ".json"
                    : "config_" + LocalDate.of(2024, 1, 1).plusDays(i) + ".json";
            // every snapshot's content differs from the others (a repeated one would be a duplicate, kept nowhere)
            String json = new String(bytes("samples/extruder/config/config_2025-12-02.json"), StandardCharsets.UTF_8)
                    .replaceFirst("\\{", "{\"fuzz\": " + i + ", ");
            Files.write(config.resolve(snapshot), poisoned(json.getBytes(StandardCharsets.UTF_8)));
            names.add("config/" + snapshot);
            String capture = "logger_" + i + ".jsonl";
            byte[] content = random.nextInt(10) == 0 ? binary() : poisoned(bytes("samples/extruder/events/logger_2025-12-01.jsonl"));
            Files.write(events.resolve(capture), content);
            names.add("events/" + capture);
        }
        long logLinesBefore = logLines();

        await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> inboxEmpty(root)
                && context.getInflightRepository().size() == 0
                && services().ledger().recent("extruder", 1000).stream().noneMatch(b -> BatchLedger.RUNNING.equals(b.status())));

        Map<String, Long> archived = archived();
        Map<String, Long> lettered = new HashMap<>();
        for (DeadLetter d : services().deadLetters().all("extruder")) {
            assertThat(d.reason()).as(d.toString()).doesNotContain("\tat ").doesNotContain("Exception")
                    .doesNotContain("com.migrationhub").isNotBlank();
            if (!DeadLetter.ROW.equals(d.kind()) && d.line() == null) {
                lettered.merge(d.sourceFile(), 1L, Long::sum);
                assertThat(Path.of(d.payload())).as(d.toString()).exists();
            }
        }
        Map<String, List<BatchLedger.Batch>> batches = new HashMap<>();
        for (BatchLedger.Batch b : services().ledger().recent("extruder", 5000)) {
            batches.computeIfAbsent(b.source(), k -> new ArrayList<>()).add(b);
            // an exception the flow did not expect would end as failed: every poison case is a reject with a reason
            assertThat(b.status()).as(b.toString()).isIn(BatchLedger.DONE, BatchLedger.DUPLICATE, BatchLedger.REJECTED_FILE);
            assertThat(b.found()).as(b.toString()).isEqualTo(b.loaded() + b.rejected() + b.skipped());
        }
        List<String> notInOnePlace = new ArrayList<>();
        List<String> notOneBatch = new ArrayList<>();
        for (String path : names) {
            String name = path.substring(path.indexOf('/') + 1);
            long places = archived.getOrDefault("extruder:" + AtomicFiles.safeName(name), 0L) + lettered.getOrDefault(name, 0L);
            if (places != 1) {
                notInOnePlace.add(path + " in " + places + " places");
            }
            if (batches.getOrDefault(name, List.of()).size() != 1) {
                notOneBatch.add(path + ": " + batches.getOrDefault(name, List.of()));
            }
        }
        long lines = logLines() - logLinesBefore;
        System.out.printf("extruder fuzz (seed %d): %d files tried, %d not in one place, %d without exactly one batch, "
                + "%d log lines%n", SEED, names.size(), notInOnePlace.size(), notOneBatch.size(), lines);
        assertThat(notInOnePlace).isEmpty();
        assertThat(notOneBatch).isEmpty();
        assertThat(countFiles(root)).as("stuck").isZero();
        // a few lines per file (taken, done or rejected), no stack traces: a poison file cannot fill the disk
        assertThat(lines).isLessThan(4L * names.size() + 100);
        assertThat(HealthCheckHelper.invokeReadiness(context)).allSatisfy(r -> assertThat(r.getState()).isEqualTo(HealthCheck.State.UP));
    }

    /** A mutation (see {@link #mutate}) or a poison value written over a cell or value. */
    private byte[] poisoned(byte[] in) {
        if (random.nextInt(3) > 0) {
            return mutate(in);
        }
        String text = new String(in, StandardCharsets.UTF_8);
        String poison = POISON.get(random.nextInt(POISON.size()));
        java.util.regex.Matcher number = java.util.regex.Pattern.compile("\\d+(\\.\\d+)?").matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (number.find()) {
            spans.add(new int[] {number.start(), number.end()});
        }
        if (spans.isEmpty()) {
            return mutate(in);
        }
        int[] at = spans.get(random.nextInt(Math.min(spans.size(), 400)));
        return (text.substring(0, at[0]) + poison + text.substring(at[1])).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] binary() {
        byte[] out = new byte[1 + random.nextInt(4096)];
        random.nextBytes(out);
        return out;
    }

    private long logLines() throws IOException {
        Path log = Path.of(settings().get("hub.logs")).resolve("hub.log");
        try (Stream<String> lines = Files.exists(log) ? Files.lines(log, StandardCharsets.ISO_8859_1) : Stream.empty()) {
            return lines.count();
        }
    }

    /** One of: truncation, flipped or inserted bytes (NUL, 0xE9, quotes, separators, newlines), lines dropped or doubled, a BOM, emptiness. */
    private byte[] mutate(byte[] in) {
        byte[] out = in.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(9)) {
                case 0 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
                case 1 -> {
                    if (out.length > 0) {
                        out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> out = insert(out, new byte[] {(byte) SPECIALS.charAt(random.nextInt(SPECIALS.length()))});
                case 3 -> out = insert(out, new byte[] {(byte) 0xE9});
                case 4 -> out = lines(out, true);
                case 5 -> out = lines(out, false);
                case 6 -> out = out.length > 2 && (out[0] & 0xFF) == 0xEF ? java.util.Arrays.copyOfRange(out, 3, out.length)
                        : insertAt(out, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                case 7 -> out = random.nextInt(4) == 0 ? new byte[0] : out;
                default -> out = insert(out, "9999999999999999999999,-1,NaN,".getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out;
    }

    private byte[] insert(byte[] in, byte[] what) {
        return insertAt(in, random.nextInt(in.length + 1), what);
    }

    private static byte[] insertAt(byte[] in, int at, byte[] what) {
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    private byte[] lines(byte[] in, boolean drop) {
        List<String> lines = new ArrayList<>(List.of(new String(in, StandardCharsets.ISO_8859_1).split("\n", -1)));
        if (lines.isEmpty()) {
            return in;
        }
        int i = random.nextInt(lines.size());
        if (drop) {
            lines.remove(i);
        } else {
            lines.add(i, lines.get(i));
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = resource(resource)) {
            return in.readAllBytes();
        }
    }

    private static boolean inboxEmpty(Path inbox) throws IOException {
        return countFiles(inbox) == 0;
    }

    private static long countFiles(Path inbox) throws IOException {
        try (Stream<Path> files = Files.walk(inbox)) {
            return files.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).count();
        }
    }

    /** Archived originals by flow and name; a name archived twice counts twice. */
    private Map<String, Long> archived() throws IOException {
        Map<String, Long> out = new HashMap<>();
        Path root = outbox().resolve("archive");
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                String flow = root.relativize(p).getName(0).toString();
                String name = p.getFileName().toString().replaceFirst("\\.\\d+$", "");
                out.merge(flow + ":" + name, 1L, Long::sum);
            });
        }
        return out;
    }
}
