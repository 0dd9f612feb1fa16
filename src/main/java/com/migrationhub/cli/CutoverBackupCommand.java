package com.migrationhub.cli;

import com.migrationhub.core.HubSettings;
import com.migrationhub.core.WorkProgress;
import com.migrationhub.extruder.cutover.CheckContext;
import com.migrationhub.extruder.cutover.Checklist;
import com.migrationhub.extruder.cutover.CutoverBackup;
import com.migrationhub.extruder.cutover.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hub cutover backup}: the controller's config and logs and the extruder database in one verified archive. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "cutover_backup_<ts>.tar.gz (default outbox/backups/) with the config, the logs folder, the database "
                + "(SQLite copy or pg_dump -Fc) and MANIFEST.sha256.")
final class CutoverBackupCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Option(names = "--logs", paramLabel = "DIR", description = "the controller's log folder (default hub.extruder.live-dir, else inbox/extruder/logs)")
    Path logs;

    @Option(names = "--config", paramLabel = "FILE", description = "the controller's config.json")
    Path config;

    @Option(names = "--to", paramLabel = "DIR", description = "where the archive goes (default outbox/backups/)")
    Path to;

    @Override
    public Integer call() throws Exception {
        HubSettings settings = options.settings(Map.of());
        Path logsDir = CutoverCommand.logsDir(settings, logs);
        Path folder = to == null ? settings.path("hub.outbox").resolve("backups") : to.toAbsolutePath().normalize();
        if (config != null && !Files.isRegularFile(config)) {
            throw new java.nio.file.NoSuchFileException(config.toString());
        }
        List<Path> configs;
        try (CheckContext context = new CheckContext(Target.STAGING, settings, logsDir,
                config == null ? null : config.toAbsolutePath().normalize(), null)) {
            configs = context.controllerConfig().map(List::of).orElse(List.of());
        }
        Path archive = folder.resolve("cutover_backup_" + com.migrationhub.extruder.ParityReport.STAMP.format(Instant.now()) + ".tar.gz");
        Path scratch = folder.resolve(".cutover-backup-" + ProcessHandle.current().pid());
        CutoverBackup.Written written;
        try {
            CutoverBackup.DatabaseCopy db = CutoverBackup.copyDatabase(settings.get("hub.extruder.db.url"), scratch);
            WorkProgress progress = new WorkProgress();
            progress.expectBytes(treeBytes(logsDir) + (db.file() == null ? 0 : Files.size(db.file()))
                    + configs.stream().mapToLong(p -> p.toFile().length()).sum());
            try (ProgressDisplay display = ProgressDisplay.start("cutover backup", progress, options.json(), settings)) {
                written = CutoverBackup.write(archive, configs, Files.isDirectory(logsDir) ? logsDir : null, db, progress::bytesRead);
            }
        } finally {
            CheckContext.deleteTree(scratch);
        }
        StringBuilder human = new StringBuilder(String.format("Cut-over backup: %s%n  %d files, %,d bytes; config: %s; logs: %s%n  database: %s%n",
                archive, written.entries().size(), written.bytes(), configs.isEmpty() ? "none found" : configs.get(0), logsDir,
                written.database()));
        written.skipped().forEach(s -> human.append("  not taken: ").append(s).append(System.lineSeparator()));
        human.append("  check it: ./hub cutover verify-backup ").append(archive);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("archive", archive.toString());
        result.put("files", written.entries().size());
        result.put("bytes", written.bytes());
        result.put("config", configs.stream().map(Path::toString).toList());
        result.put("logs", logsDir.toString());
        result.put("database", written.database());
        result.put("not_taken", written.skipped());
        options.output().wrote(archive);
        return options.output().print(ExitCodes.CLEAN, result, human.toString());
    }

    private static long treeBytes(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** {@code ./hub cutover verify-backup FILE}: the archive re-read against its manifest. */
    @Command(name = "verify-backup", mixinStandardHelpOptions = true,
            description = "Re-reads a cut-over backup against its MANIFEST.sha256: exit 0, or 1 naming each file that differs or is missing.")
    static final class Verify implements Callable<Integer> {

        @Mixin
        HubOptions options;

        @Parameters(index = "0", paramLabel = "FILE", description = "a cutover_backup_<ts>.tar.gz")
        Path file;

        @Override
        public Integer call() throws Exception {
            HubSettings settings = options.settings(Map.of());
            CutoverBackup.Verified v = CutoverBackup.verify(file.toAbsolutePath().normalize());
            int exit = v.ok() ? ExitCodes.CLEAN : ExitCodes.REJECTS;
            StringBuilder human = new StringBuilder(String.format("%s: %d files in the manifest, %s%n", v.archive(), v.files(),
                    v.ok() ? "all OK" : "NOT OK"));
            v.differ().forEach(n -> human.append("  differs: ").append(n).append(System.lineSeparator()));
            v.missing().forEach(n -> human.append("  missing: ").append(n).append(System.lineSeparator()));
            v.unlisted().forEach(n -> human.append("  not in the manifest: ").append(n).append(System.lineSeparator()));
            if (v.damaged() != null) {
                human.append("  ").append(v.damaged()).append(System.lineSeparator());
            }
            recordInChecklist(settings, v);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("archive", v.archive().toString());
            result.put("ok", v.ok());
            result.put("files", v.files());
            result.put("differ", v.differ());
            result.put("missing", v.missing());
            result.put("unlisted", v.unlisted());
            result.put("damaged", v.damaged());
            return options.output().print(exit, result, human.toString().stripTrailing());
        }

        /** backup: ticked by a passing verify (on PostgreSQL production only with pg.wal passed: PITR), un-ticked by a failing one. */
        private static void recordInChecklist(HubSettings settings, CutoverBackup.Verified v) {
            Checklist checklist = Checklist.of(settings);
            boolean postgres = settings.get("hub.extruder.db.url").startsWith("jdbc:postgresql:");
            checklist.update(state -> {
                String target = state.active;
                boolean pitr = !postgres || !target.equals("production") || "pass".equals(state.facts(target).get("pg_wal"));
                String note = !v.ok() ? "verify-backup found differences" : pitr ? "archive verified against its manifest"
                        : "archive verified, but pg.wal has not passed on production: no PITR";
                checklist.mark(state, target, "backup", v.ok() && pitr, "cutover verify-backup", v.archive(), note);
            });
        }
    }
}
