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
 * A few hundred mutated files per flow (seeded: a failure replays exactly) dropped into the running PPak and RMOS
 * inboxes. For every file: exactly one place (the archive, or a dead letter with a reason), counts that add up, no
 * stack trace or class name in any reason, nothing stuck in the inbox, and the service still healthy.
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
        return List.of("ppak", "rmos");
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
