package com.migrationhub.extruder.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Json;
import com.migrationhub.extruder.ConfigRules;
import com.migrationhub.extruder.DbWritesFlag;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The hub's own side: disks, the controller's config, the inboxes, the live folder and the writes flag. */
final class HomeChecks {

    /** Without a calibration, SQLite's measured ~90 bytes per sample row with its index, rounded up. */
    static final long DEFAULT_BYTES_PER_ROW = 120;

    private HomeChecks() {
    }



    /** Free bytes on the file system holding {@code path} (its nearest existing ancestor). */
    static long free(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        FileStore store = Files.getFileStore(p);
        return store.getUsableSpace();
    }

    /** {@code disk.home}: room for the archive's copies of the logs and for the backup (logs, config and the SQLite copy). */
    record DiskHome() implements CutoverCheck {
        public String id() { return "disk.home"; }

        public CheckResult run(CheckContext c) throws IOException {
            Map<String, Object> ev = new LinkedHashMap<>();
            long logs = c.inventory().bytes();
            long db = c.sqliteFile() != null && Files.isRegularFile(c.sqliteFile()) ? Files.size(c.sqliteFile()) : 0;
            long needed = logs /* archive copies */ + logs + db /* the backup, before compression */;
            long free = free(c.home());
            ev.put("home", c.home().toString());
            ev.put("free_bytes", free);
            ev.put("needed_bytes", needed);
            ev.put("needed", "log bytes (archive copies) + log bytes and SQLite database (backup, uncompressed)");
            if (free < needed) {
                return CheckResult.fail(id(), ev, "free " + human(needed - free) + " on " + c.home() + " (or move outbox/ to a larger disk)");
            }
            return CheckResult.of(id(), free >= 2 * needed, CheckStatus.WARN, ev, "less than twice the space needed is free on "
                    + c.home() + ": free more before production");
        }
    }

    /** {@code disk.db}: on SQLite, free space at least twice the database's estimated growth. */
    record DiskDb() implements CutoverCheck {
        public String id() { return "disk.db"; }

        public CheckResult run(CheckContext c) throws IOException {
            if (!c.sqlite()) {
                return CheckResult.skipped(id(), "the database server's disk is not visible to the hub: compare logs.estimate's bytes "
                        + "with the server's free space");
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            IngestEstimate e = c.estimate();
            long growth = e != null ? e.bytes() : c.inventory().estimatedRows() * DEFAULT_BYTES_PER_ROW;
            ev.put("file", String.valueOf(c.sqliteFile()));
            ev.put("estimated_growth_bytes", growth);
            ev.put("growth_from", e != null ? "logs.estimate" : DEFAULT_BYTES_PER_ROW + " bytes per estimated row (no calibration)");
            long free = free(c.sqliteFile());
            ev.put("free_bytes", free);
            return CheckResult.of(id(), free >= 2 * growth, CheckStatus.FAIL, ev, "free " + human(2 * growth - free) + " where "
                    + c.sqliteFile() + " lives, or move hub.extruder.db.url to a larger disk");
        }
    }

    /** {@code config.present}: the controller's config.json found, valid JSON, and within the controller's own rules. */
    record ConfigPresent() implements CutoverCheck {
        public String id() { return "config.present"; }

        public CheckResult run(CheckContext c) {
            Map<String, Object> ev = new LinkedHashMap<>();
            CheckStatus missing = c.target() == Target.PRODUCTION ? CheckStatus.FAIL : CheckStatus.WARN;
            Optional<Path> found = configFile(c);
            if (found.isEmpty()) {
                ev.put("looked_in", candidates(c).stream().map(Path::toString).toList());
                return new CheckResult(id(), missing, ev, "pass --config FILE with the controller's config.json: it is backed up "
                        + "and loaded as the first configuration profile");
            }
            Path file = found.get();
            ev.put("file", file.toString());
            try {
                JsonNode doc = Json.mapper().readTree(file.toFile());
                List<String> violations = new ConfigRules().violations(doc);
                ev.put("valid_json", true);
                ev.put("violations", violations);
                return CheckResult.of(id(), violations.isEmpty(), CheckStatus.FAIL, ev, "correct the listed values in " + file
                        + ": the flow rejects the snapshot whole");
            } catch (IOException e) {
                ev.put("valid_json", false);
                ev.put("error", e.getMessage().lines().findFirst().orElse(""));
                return CheckResult.fail(id(), ev, file + " is not valid JSON: take a fresh copy from the controller");
            }
        }

        private static List<Path> candidates(CheckContext c) {
            List<Path> out = new ArrayList<>();
            String live = c.settings().get("hub.extruder.live-dir", "");
            for (Path dir : live.isBlank() ? List.of(c.logs()) : List.of(Path.of(live), c.logs())) {
                if (dir != null) {
                    out.add(dir.resolve("config.json"));
                    if (dir.getParent() != null) {
                        out.add(dir.getParent().resolve("config.json"));
                        out.add(dir.getParent().resolve("config"));
                    }
                }
            }
            out.add(c.settings().path("hub.extruder.config-dir"));
            return out;
        }

        /** --config, else config.json beside or above the logs, else the newest snapshot in a config folder. */
        static Optional<Path> configFile(CheckContext c) {
            if (c.config() != null) {
                return Files.isRegularFile(c.config()) ? Optional.of(c.config()) : Optional.empty();
            }
            for (Path p : candidates(c)) {
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
                if (Files.isDirectory(p)) {
                    try (DirectoryStream<Path> jsons = Files.newDirectoryStream(p, "*.json")) {
                        List<Path> all = new ArrayList<>();
                        jsons.forEach(all::add);
                        Optional<Path> newest = all.stream().filter(Files::isRegularFile)
                                .max(Comparator.<Path>comparingLong(f -> f.toFile().lastModified()).thenComparing(Path::toString));
                        if (newest.isPresent()) {
                            return newest;
                        }
                    } catch (IOException ignored) {
                        // an unreadable folder holds no config for us
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** {@code inbox.writable}: the extruder inboxes accept files (a hidden probe file, created and removed). */
    record InboxWritable() implements CutoverCheck {
        public String id() { return "inbox.writable"; }

        public CheckResult run(CheckContext c) {
            Map<String, Object> ev = new LinkedHashMap<>();
            List<String> refused = new ArrayList<>();
            for (String part : List.of("logs", "config", "events")) {
                Path dir = c.settings().path("hub.extruder." + part + "-dir");
                String verdict;
                try {
                    Files.createDirectories(dir);
                    Path probe = Files.createTempFile(dir, ".cutover-probe", ".tmp"); // hidden and .tmp: no route takes it
                    Files.delete(probe);
                    verdict = "writable";
                } catch (IOException | SecurityException e) {
                    verdict = "not writable: " + e.getMessage();
                    refused.add(dir.toString());
                }
                ev.put(dir.toString(), verdict);
            }
            return CheckResult.of(id(), refused.isEmpty(), CheckStatus.FAIL, ev, "let the hub's user create files in " + refused);
        }
    }

    /** {@code live-dir.readable}: the controller's own folder, tailed in place for dual-write, can be listed and read. */
    record LiveDirReadable() implements CutoverCheck {
        public String id() { return "live-dir.readable"; }

        public CheckResult run(CheckContext c) {
            Map<String, Object> ev = new LinkedHashMap<>();
            String live = c.settings().get("hub.extruder.live-dir", "");
            ev.put("hub.extruder.live-dir", live);
            if (live.isBlank()) {
                return CheckResult.warn(id(), ev, "set hub.extruder.live-dir to the controller's log folder: dual-write tails it");
            }
            Path dir = Path.of(live);
            List<String> unreadable = new ArrayList<>();
            long logs = 0;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "run_*.csv")) {
                for (Path f : files) {
                    logs++;
                    if (!Files.isReadable(f)) {
                        unreadable.add(f.getFileName().toString());
                    }
                }
            } catch (IOException e) {
                ev.put("error", String.valueOf(e.getMessage()));
                return CheckResult.fail(id(), ev, "make " + dir + " a folder the hub's user can list and read");
            }
            ev.put("run_logs", logs);
            ev.put("unreadable", unreadable);
            return CheckResult.of(id(), unreadable.isEmpty(), CheckStatus.FAIL, ev, "give the hub's user read access to " + unreadable);
        }
    }

    /** {@code db-writes.flag}: the lever's position, and where it comes from. */
    record DbWritesFlagCheck() implements CutoverCheck {
        public String id() { return "db-writes.flag"; }

        public CheckResult run(CheckContext c) {
            DbWritesFlag flag = DbWritesFlag.of(c.settings());
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("db_writes", flag.getAsBoolean());
            ev.put("source", flag.source());
            return CheckResult.of(id(), flag.getAsBoolean(), CheckStatus.WARN, ev,
                    "database writes are off: ./hub cutover db-writes on when the runbook reaches dual-write");
        }
    }

    static String human(long bytes) {
        return bytes >= 1L << 30 ? String.format("%.1f GiB", bytes / (double) (1L << 30))
                : String.format("%.1f MiB", Math.max(0, bytes) / (double) (1L << 20));
    }
}
