package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./hub full-cycle}: the runbook's {@code migration.run_full_cycle} in one call — the PPak ETL, then
 * material sync, project import and the health check, taking each step's flags under the same names. The
 * answer holds each step's own answer (as that command alone would give it) and the worst step's exit code.
 * A step ending in error (exit 2 or 3) stops the cycle: the steps after it are listed as not run.
 */
@Command(name = "full-cycle", description = "PPak ETL -> material sync -> project import -> health check; dry-run unless --live.")
public final class FullCycleCommand implements Callable<Integer> {

    static final List<String> STEPS = List.of("ppak-etl", "sync-materials", "import-projects", "health-check");

    @Mixin
    HubOptions options;

    @Mixin
    PpakEtlCommand.Exports exports;

    @Mixin
    WriteMode mode;

    @Mixin
    SyncMaterialsCommand.Master master;

    @Option(names = "--canonical-file", paramLabel = "F", description = "import and check this canonical_projects_<date>.json (default: the canonical store)")
    Path canonicalFile;

    /** One step's work; {@code answer} records the files it writes. */
    interface Step {
        Outcome run(CommandOutput answer) throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        mode.validate();
        HubSettings settings = InnergyCommands.settings(options, exports.flags());
        Cycle cycle = new Cycle(settings.path("hub.outbox"));
        Map<String, Object> result = new LinkedHashMap<>();
        cycle.run("ppak-etl", answer -> PpakEtlCommand.run(settings, false));
        if (!cycle.stopped) {
            try (HubRuntime runtime = HubRuntime.start(settings, List.of("innergy"))) {
                InnergyServices innergy = runtime.services().innergy();
                boolean live = mode.live(innergy);
                result.put("mode", live ? "live" : "dry-run");
                cycle.run("sync-materials", answer -> SyncMaterialsCommand.sync(innergy, master, live));
                cycle.run("import-projects", answer -> ImportProjectsCommand.importProjects(innergy, canonicalFile, live, answer));
                if (innergy.hasApiKey()) {
                    cycle.run("health-check", answer -> HealthCheckCommand.check(innergy, canonicalFile));
                } else {
                    cycle.skip("health-check", "the health check needs INNERGY and INNERGY_API_KEY is not set (offline dry run)");
                }
            } catch (RuntimeException e) {
                // the INNERGY flow did not start (or stop): the step it was for did not run
                cycle.fail(e);
            }
        }
        result.put("steps", cycle.steps);
        result.put("not_run", STEPS.stream().filter(s -> !cycle.steps.containsKey(s)).toList());
        cycle.human.append(String.format("full-cycle: exit %d (the worst step's)", cycle.worst));
        return options.output().print(cycle.worst, result, cycle.human.toString());
    }

    /** The steps' answers so far, and whether one ended in error. */
    static final class Cycle {
        final Path outbox;
        final Map<String, Object> steps = new LinkedHashMap<>();
        final StringBuilder human = new StringBuilder();
        int worst = ExitCodes.CLEAN;
        boolean stopped;

        Cycle(Path outbox) {
            this.outbox = outbox;
        }

        void run(String command, Step work) {
            if (stopped) {
                return;
            }
            CommandOutput answer = new CommandOutput(command, true);
            answer.watch(outbox);
            try {
                Outcome outcome = work.run(answer);
                record(command, outcome.exitCode() == ExitCodes.CLEAN ? "clean" : "problems",
                        answer.answer(outcome.exitCode(), outcome.result()), outcome.human());
            } catch (ParameterException e) {
                throw e;
            } catch (Exception e) {
                String message = ExitCodes.sentence(e, command);
                record(command, "error", answer.failure(ExitCodes.code(e), message), command + ": error: " + message);
                stopped = true;
            }
        }

        /** A step that cannot run here: exit 1, since what it checks stays unknown. */
        void skip(String command, String reason) {
            CommandOutput answer = new CommandOutput(command, true);
            answer.watch(outbox);
            record(command, "skipped", answer.answer(ExitCodes.REJECTS, Map.of("skipped", reason)), command + ": skipped: " + reason);
        }

        /** A failure outside any step's work: charged to the first step that has not run. */
        void fail(RuntimeException e) {
            String next = STEPS.stream().filter(s -> !steps.containsKey(s)).findFirst().orElse(null);
            if (next == null) {
                throw e;
            }
            run(next, answer -> {
                throw e;
            });
        }

        private void record(String command, String outcome, Map<String, Object> answer, String text) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("command", command);
            entry.put("outcome", outcome);
            entry.putAll(answer);
            steps.put(command, entry);
            worst = Math.max(worst, ((Number) answer.get("exit_code")).intValue());
            human.append(text).append(System.lineSeparator()).append(System.lineSeparator());
        }
    }
}
