package com.migrationhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.ops.HttpBinding;
import com.migrationhub.core.Json;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The automation agent's contract (docs/AUTOMATION.md), tried as the agent tries it: every command answers
 * {@code -h}, refuses what it does not know with exit 2 and the usage, and with --json prints one answer that
 * matches its published schema in docs/schemas/ — on success and on every kind of error.
 */
class AutomationContractTest {

    static final String KEY = "automation-test-key-17";

    @TempDir
    Path home;

    @TempDir
    Path exports;

    InnergySandbox sandbox;

    final AnswerSchemas schemas = new AnswerSchemas();

    @BeforeEach
    void start() throws IOException {
        sandbox = SandboxHome.start(home, KEY);
        Files.writeString(home.resolve("hub.properties"), "hub.innergy.retry.max-redeliveries=1\nhub.extruder.timezone=UTC\n"
                + "hub.http.port=" + HttpBinding.freePort() + "\n", java.nio.file.StandardOpenOption.APPEND);
        for (String name : List.of("projects_2024-01-15.csv", "materials_2024-01-15.csv", "work_orders_2024-01-15.csv",
                "projects_2024-02-01.csv")) {
            Files.copy(Path.of("samples/ppak", name), exports.resolve(name));
        }
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    CommandRun hub(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString(), "--json"));
        return CommandRun.of(all.toArray(String[]::new));
    }

    /** Every command and subcommand the agent can call, as typed after ./hub. */
    static List<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(new CommandLine(new HubMain()), new ArrayList<>(), out);
        return out;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            List<String> p = new ArrayList<>(path);
            p.add(sub.getCommandName());
            out.add(p);
            collect(sub, p, out);
        }
    }

    static boolean leaf(List<String> command) {
        return !command.equals(List.of("dead-letter")) && !command.equals(List.of("cutover"));
    }

    /** An option no command knows, with --json: exit 2, the usage on stderr, the error answer on stdout. */
    CommandRun usageError(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--no-such-option", "--json"));
        CommandRun wrong = CommandRun.of(args.toArray(String[]::new));
        if (leaf(command)) {
            assertThat(AnswerSchemas.exists(String.join(" ", command))).as("a schema for %s", command).isTrue();
            assertThat(schemas.check(wrong, String.join(" ", command)).get("error").asText()).containsAnyOf("--no-such-option", "Missing");
        }
        return wrong;
    }

    @Test
    void theRunbooksFullCycleTaskRunsAsOneCallAgainstTheSandbox() throws Exception {
        // {"task_type": "migration.run_full_cycle", "parameters": {"ppak_export_dir": …, "date_range": "2024-01-01,2024-01-31", "dry_run": false}}
        CommandRun cycle = hub("full-cycle", "--ppak-export-dir", exports.toString(), "--date-range", "2024-01-01,2024-01-31", "--live");

        JsonNode r = schemas.check(cycle, "full-cycle");
        assertThat(r.get("mode").asText()).isEqualTo("live");
        assertThat(r.get("not_run")).isEmpty();
        assertThat(r.get("steps").fieldNames()).toIterable()
                .containsExactly("ppak-etl", "sync-materials", "import-projects", "health-check");
        int worst = 0;
        for (JsonNode step : r.get("steps")) {
            assertThat(step.get("outcome").asText()).isIn("clean", "problems");
            assertThat(step.get("reports")).as(step.get("command").asText()).isNotEmpty();
            step.get("reports").forEach(p -> assertThat(r.get("reports").toString()).contains(Json.mapper().valueToTree(p.asText()).toString()));
            worst = Math.max(worst, step.get("exit_code").asInt());
        }
        assertThat(cycle.exitCode()).isEqualTo(worst).isEqualTo(1);
        // the date range took the January exports only; February's stays unread
        JsonNode etl = r.at("/steps/ppak-etl");
        assertThat(etl.get("files")).hasSize(3).allSatisfy(f -> assertThat(f.get("source").asText()).contains("2024-01-15"));
        assertThat(etl.get("outcome").asText()).isEqualTo("problems");
        assertThat(etl.get("reports").toString()).contains("migration_summary_");
        assertThat(etl.get("outputs").toString()).contains("canonical_projects_2024-01-15.json");
        assertThat(etl.get("dead_letters").toString()).contains(".rejected.csv");
        // live: the writes reached the sandbox; the health check looked at what is there
        assertThat(r.at("/steps/import-projects/mode").asText()).isEqualTo("live");
        assertThat(sandbox.data().projects()).hasSize(r.at("/steps/import-projects/projects/created").asInt()).isNotEmpty();
        assertThat(sandbox.data().materials()).hasSize(r.at("/steps/sync-materials/counts/new").asInt());
        assertThat(Path.of(r.at("/steps/health-check/report").asText())).exists();
        assertThat(r.at("/steps/health-check/reports").toString()).contains("health_check_");
    }

    @Test
    void aStepInErrorStopsTheCycleAndItsExitCodeIsTheCycles() {
        sandbox.close();

        CommandRun cycle = hub("full-cycle", "--ppak-export-dir", exports.toString(), "--date-range", "2024-01-01,2024-01-31", "--live");

        JsonNode r = schemas.check(cycle, "full-cycle");
        assertThat(cycle.exitCode()).isEqualTo(3);
        assertThat(r.at("/steps/ppak-etl/exit_code").asInt()).isEqualTo(1);
        assertThat(r.at("/steps/sync-materials/outcome").asText()).isEqualTo("error");
        assertThat(r.at("/steps/sync-materials/error").asText()).contains("INNERGY");
        assertThat(r.get("not_run")).extracting(JsonNode::asText).containsExactly("import-projects", "health-check");
    }

    @Test
    void everyCommandAnswersHelpAndRefusesWhatItDoesNotKnowWithTheUsage() {
        for (List<String> command : commands()) {
            for (String help : List.of("-h", "--help")) {
                List<String> args = new ArrayList<>(command);
                args.add(help);
                CommandRun run = CommandRun.of(args.toArray(String[]::new));
                assertThat(run.exitCode()).as("%s", args).isZero();
                assertThat(run.stdout()).as("%s", args).startsWith("Usage: hub " + String.join(" ", command));
            }
            CommandRun wrong = usageError(command);
            assertThat(wrong.exitCode()).as("%s", command).isEqualTo(2);
            assertThat(wrong.stderr()).as("%s", command).contains("Usage: hub " + String.join(" ", command));
        }
        CommandRun unknown = CommandRun.of("frobnicate", "--json");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("Usage: hub");
        assertThat(schemas.check(unknown, "hub").get("error").asText()).contains("frobnicate");
        CommandRun none = CommandRun.of();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stdout()).isEmpty();
        assertThat(none.stderr()).contains("Usage: hub");
    }

    @Test
    void everyCommandsAnswerMatchesItsSchemaOnSuccessAndOnError() throws Exception {
        // PPak, and what works on its batches
        JsonNode etl = schemas.check(hub("ppak-etl", "--ppak-export-dir", exports.toString()), "ppak-etl");
        assertThat(etl.get("reports")).isNotEmpty();
        schemas.check(hub("ppak-etl", "--ppak-export-dir", home.resolve("nowhere").toString()), "ppak-etl");
        assertThat(schemas.check(hub("dead-letter", "list", "--flow", "ppak"), "dead-letter list").get("count").asInt()).isPositive();
        schemas.check(hub("dead-letter", "list", "--flow", "nowhere"), "dead-letter list");
        JsonNode traced = schemas.check(hub("trace", "project", "J-24-1001"), "trace");
        assertThat(traced.at("/source/file").asText()).isEqualTo("projects_2024-01-15.csv");
        assertThat(schemas.check(hub("trace", "work-order", "WO-0000-00"), "trace").get("found").asBoolean()).isFalse();
        schemas.check(hub("trace", "invoice", "1"), "trace");
        schemas.check(hub("dead-letter", "replay", "--flow", "ppak", "--all"), "dead-letter replay");
        schemas.check(hub("dead-letter", "replay", "--flow", "ppak", "--id", "987654"), "dead-letter replay");
        schemas.check(hub("rollback", "--batch", etl.at("/files/0/id").asText()), "rollback");
        schemas.check(hub("rollback", "--batch", "987654"), "rollback");

        // INNERGY, reachable
        schemas.check(hub("innergy-check"), "innergy-check");
        schemas.check(hub("sync-materials", "--live"), "sync-materials");
        schemas.check(hub("sync-materials", "--material-library", home.resolve("none.csv").toString()), "sync-materials");
        Path canonical = home.resolve("outbox/canonical/canonical_projects_2024-01-15.json");
        JsonNode imported = schemas.check(hub("import-projects", "--canonical-file", canonical.toString(), "--live"), "import-projects");
        assertThat(imported.get("outputs").toString()).as("the canonical file gets the INNERGY ids").contains(canonical.toString());
        schemas.check(hub("import-projects", "--live", "--dry-run"), "import-projects");
        schemas.check(hub("health-check"), "health-check");
        schemas.check(hub("full-cycle", "--dry-run", "--deactivate-missing"), "full-cycle");

        // RMOS
        Path rmos = copy(Path.of("samples/rmos"), home.resolve("rmos-data"));
        JsonNode migrated = schemas.check(hub("rmos-migrate", "--data-dir", rmos.toString()), "rmos-migrate");
        schemas.check(hub("rmos-migrate", "--data-dir", home.resolve("nowhere").toString()), "rmos-migrate");
        schemas.check(hub("rmos-audit"), "rmos-audit");
        Path stats = Files.writeString(home.resolve("stats.json"), migrated.toString());
        assertThat(schemas.check(hub("rmos-report", stats.toString()), "rmos-report").get("reports")).hasSize(3);
        schemas.check(hub("rmos-report", Files.writeString(home.resolve("bad.json"), "[1]").toString()), "rmos-report");

        // extruder
        Path extruder = copy(Path.of("samples/extruder"), home.resolve("extruder-data"));
        assertThat(schemas.check(hub("extruder-ingest", "--dir", extruder.toString()), "extruder-ingest").get("reports")).isNotEmpty();
        schemas.check(hub("extruder-ingest", "--dir", home.resolve("nowhere").toString()), "extruder-ingest");
        assertThat(schemas.check(hub("extruder-verify"), "extruder-verify").get("reports")).hasSize(2);

        // the cut-over (CutoverCommandTest tries each in depth)
        Path logs = extruder.resolve("logs");
        assertThat(schemas.check(hub("cutover", "check", "--logs", logs.toString(), "--skip", "logs.estimate"), "cutover check")
                .get("reports")).hasSize(2);
        schemas.check(hub("cutover", "check", "--target", "nowhere"), "cutover check");
        JsonNode backup = schemas.check(hub("cutover", "backup", "--logs", logs.toString()), "cutover backup");
        schemas.check(hub("cutover", "backup", "--config", home.resolve("none.json").toString()), "cutover backup");
        schemas.check(hub("cutover", "verify-backup", backup.get("archive").asText()), "cutover verify-backup");
        schemas.check(hub("cutover", "verify-backup", home.resolve("none.tar.gz").toString()), "cutover verify-backup");
        schemas.check(hub("cutover", "status"), "cutover status");
        schemas.check(hub("cutover", "status", "--target", "nowhere"), "cutover status");
        schemas.check(hub("cutover", "db-writes", "on"), "cutover db-writes");
        schemas.check(hub("cutover", "db-writes", "maybe"), "cutover db-writes");

        // the services: answered once ready; and refusing to start
        schemas.check(CommandRun.untilAnswered("sandbox", "--port", "0", "--home", home.toString(), "--json"), "sandbox");
        schemas.check(CommandRun.untilAnswered("run", "--home", home.toString(), "--json"), "run");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            schemas.check(hub("sandbox", "--port", Integer.toString(taken.getLocalPort())), "sandbox");
        }
        Files.writeString(home.resolve("hub.properties"), "hub.http.host=0.0.0.0\n", java.nio.file.StandardOpenOption.APPEND);
        schemas.check(hub("run"), "run");

        // INNERGY, unreachable: exit 3
        sandbox.close();
        for (String command : List.of("innergy-check", "health-check", "import-projects", "sync-materials")) {
            CommandRun run = command.endsWith("check") ? hub(command) : hub(command, "--live");
            assertThat(run.exitCode()).as(command).isEqualTo(3);
            assertThat(schemas.check(run, command).get("error").asText()).as(command).doesNotContain("Exception").contains("INNERGY");
        }

        // the demo, to the end
        JsonNode demo = schemas.check(CommandRun.of("demo", "--exit", "--json"), "demo");
        // it has stopped when it answers: no address that is no longer served
        assertThat(demo.get("dashboard").isNull()).as(demo.toString()).isTrue();
        assertThat(demo.get("innergy_sandbox").isNull()).as(demo.toString()).isTrue();
        schemas.check(CommandRun.of("demo", "--no-such-option", "--json"), "demo");

        List<String> expected = new ArrayList<>();
        for (List<String> command : commands()) {
            if (leaf(command)) {
                usageError(command);
                expected.add(String.join(" ", command) + " ok");
                expected.add(String.join(" ", command) + " error");
            }
        }
        assertThat(schemas.checked).containsAll(expected);
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
