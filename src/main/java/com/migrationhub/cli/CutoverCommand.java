package com.migrationhub.cli;

import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubSettings;
import com.migrationhub.extruder.DbWritesFlag;
import com.migrationhub.extruder.cutover.CheckContext;
import com.migrationhub.extruder.cutover.CheckResult;
import com.migrationhub.extruder.cutover.CheckStatus;
import com.migrationhub.extruder.cutover.Checklist;
import com.migrationhub.extruder.cutover.CutoverChecks;
import com.migrationhub.extruder.cutover.CutoverReport;
import com.migrationhub.extruder.cutover.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hub cutover …}: the extruder runbook run by the hub (SPEC §10, docs/CUTOVER.md). */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = "The extruder cut-over: pre-checks, backup, the runbook's checklist and the db-writes lever.",
        subcommands = {CutoverCommand.Check.class, CutoverBackupCommand.class, CutoverBackupCommand.Verify.class,
                CutoverCommand.Status.class, CutoverCommand.DbWrites.class})
public final class CutoverCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a cutover command: check, backup, verify-backup, status, db-writes");
    }

    static Target target(String text) {
        try {
            return Target.of(text);
        } catch (IllegalArgumentException e) {
            throw new HubConfigurationException(e.getMessage());
        }
    }

    /** {@code --logs}: the controller's folder; default hub.extruder.live-dir, else inbox/extruder/logs. */
    static Path logsDir(HubSettings settings, Path logs) {
        if (logs != null) {
            return logs.toAbsolutePath().normalize();
        }
        String live = settings.get("hub.extruder.live-dir", "");
        return live.isBlank() ? settings.path("hub.extruder.logs-dir") : Path.of(live);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Keyed pre-checks; exit 0 none failed, 1 a check failed, 3 the database unreachable.")
    static final class Check implements Callable<Integer> {

        @Mixin
        HubOptions options;

        @Option(names = "--target", paramLabel = "T", defaultValue = "staging", description = "staging (default) or production")
        String target;

        @Option(names = "--logs", paramLabel = "DIR", description = "the controller's log folder (default hub.extruder.live-dir, else inbox/extruder/logs)")
        Path logs;

        @Option(names = "--config", paramLabel = "FILE", description = "the controller's config.json")
        Path config;

        @Option(names = "--only", paramLabel = "IDS", split = ",", description = "run only these check ids")
        List<String> only = new ArrayList<>();

        @Option(names = "--skip", paramLabel = "IDS", split = ",", description = "skip these check ids")
        List<String> skip = new ArrayList<>();

        @Override
        public Integer call() {
            HubSettings settings = options.settings(Map.of());
            settings.home().ensureLayout();
            Target t = target(target);
            CutoverChecks checks = new CutoverChecks();
            CutoverChecks.CheckRun run;
            try (CheckContext context = new CheckContext(t, settings, logsDir(settings, logs),
                    config == null ? null : config.toAbsolutePath().normalize(), Cutover.calibration(settings, HubMain.jvmStartSeconds))) {
                run = checks.run(context, only, skip);
            }
            String instance = settings.get("hub.instance.id", "hub");
            List<Path> reports = CutoverReport.write(settings.home().reports(), run, instance);
            recordInChecklist(settings, run, reports.get(0));
            StringBuilder human = new StringBuilder(String.format("Cut-over pre-checks (%s): ", t.label()));
            run.counts().forEach((k, v) -> human.append(v).append(' ').append(k).append(", "));
            human.setLength(human.length() - 2);
            human.append(System.lineSeparator());
            for (CheckResult r : run.results()) {
                human.append(String.format("  %-18s %-8s %s%n", r.id(), r.status().label(), summary(r)));
                if (r.fix() != null) {
                    human.append(String.format("  %-18s %-8s fix: %s%n", "", "", r.fix()));
                }
            }
            human.append("reports: ").append(reports.get(0)).append(", ").append(reports.get(1));
            Map<String, Object> result = new LinkedHashMap<>(CutoverReport.toMap(run, instance));
            return options.output().print(run.exitCode(), result, human.toString());
        }

        /** The check ticks prechecks (nothing failed, every check ran) and schema (db.schema passed), or un-ticks them. */
        private static void recordInChecklist(HubSettings settings, CutoverChecks.CheckRun run, Path report) {
            Checklist checklist = Checklist.of(settings);
            String target = run.target().label();
            boolean complete = run.results().stream().noneMatch(r -> r.status() == CheckStatus.SKIPPED
                    && String.valueOf(r.evidence().get("reason")).startsWith("not selected"));
            CheckResult schema = run.result("db.schema");
            checklist.update(state -> {
                state.active = target;
                if (complete) {
                    checklist.mark(state, target, "prechecks", !run.anyFailed() && !run.unreachable(), "cutover check", report,
                            run.counts().toString());
                }
                if (schema != null && schema.status() != CheckStatus.SKIPPED) {
                    checklist.mark(state, target, Checklist.item(target, "schema"), schema.status() == CheckStatus.PASS,
                            "cutover check", report, "db.schema " + schema.status().label() + ": " + schema.evidence().get("current"));
                }
                CheckResult wal = run.result("pg.wal");
                if (wal != null && wal.status() != CheckStatus.SKIPPED) {
                    state.facts(target).put("pg_wal", wal.status().label());
                }
            });
        }

        private static String summary(CheckResult r) {
            Map<String, Object> e = r.evidence();
            String text = com.migrationhub.core.Json.write(e);
            return text.length() > 160 ? text.substring(0, 157) + "..." : text;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The runbook's checklist per target: each item with when, by which command, and its evidence report.")
    static final class Status implements Callable<Integer> {

        @Mixin
        HubOptions options;

        @Option(names = "--target", paramLabel = "T", description = "staging or production (default: both)")
        String target;

        @Override
        public Integer call() {
            HubSettings settings = options.settings(Map.of());
            Checklist checklist = Checklist.of(settings);
            Checklist.State state = checklist.read();
            List<String> targets = target == null ? List.of("staging", "production") : List.of(target(target).label());
            StringBuilder human = new StringBuilder("Cut-over checklist (active target: " + state.active + ")" + System.lineSeparator());
            Map<String, Object> byTarget = new LinkedHashMap<>();
            for (String t : targets) {
                human.append(t).append(System.lineSeparator());
                List<Map<String, Object>> items = new ArrayList<>();
                for (Checklist.Item i : state.items(t).values()) {
                    items.add(i.toMap());
                    human.append(String.format("  [%s] %-20s %s%n", i.done() ? "x" : " ", i.id(), i.at() == null ? ""
                            : (i.done() ? "" : "un-ticked ") + i.at() + " by " + i.by() + (i.evidence() == null ? "" : " — " + i.evidence())));
                }
                byTarget.put(t, items);
            }
            DbWritesFlag flag = DbWritesFlag.of(settings);
            human.append("db-writes: ").append(flag.getAsBoolean() ? "on" : "off").append(" (").append(flag.source()).append(')');
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("active_target", state.active);
            result.put("targets", byTarget);
            result.put("db_writes", flag.getAsBoolean());
            return options.output().print(ExitCodes.CLEAN, result, human.toString());
        }
    }

    @Command(name = "db-writes", mixinStandardHelpOptions = true,
            description = "The runbook's lever: extruder database writes on or off, persisted in the home, honoured by a running service within one poll.")
    static final class DbWrites implements Callable<Integer> {

        @Mixin
        HubOptions options;

        @Parameters(index = "0", paramLabel = "on|off", description = "on or off")
        String value;

        @Override
        public Integer call() {
            HubSettings settings = options.settings(Map.of());
            boolean on = switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new HubConfigurationException("db-writes takes on or off, got '" + value + "'");
            };
            DbWritesFlag flag = DbWritesFlag.of(settings);
            boolean before = flag.getAsBoolean();
            flag.set(on);
            Checklist checklist = Checklist.of(settings);
            checklist.update(state -> {
                state.facts(state.active).put("db_writes", on ? "on" : "off");
                if (!on && state.items(state.active).get("dual-write").done()) {
                    checklist.mark(state, state.active, "dual-write", false, "cutover db-writes off", DbWritesFlag.fileOf(settings),
                            "database writes switched off (rollback lever)");
                }
            });
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("db_writes", on);
            result.put("was", before);
            result.put("file", DbWritesFlag.fileOf(settings).toString());
            return options.output().print(ExitCodes.CLEAN, result, "extruder database writes " + (on ? "on" : "off")
                    + (before == on ? " (unchanged)" : " (were " + (before ? "on" : "off") + ")")
                    + "; a running service follows within one poll. Saved in " + DbWritesFlag.fileOf(settings));
        }
    }
}
