package com.migrationhub.cli;

import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubHome;
import com.migrationhub.HubRuntime;
import com.migrationhub.HubServices;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.ReplayOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./hub dead-letter list|replay}: inspect and redrive rejects of any flow. */
@Command(name = "dead-letter", description = "Inspect and redrive rejected rows, documents and files.",
        subcommands = {DeadLetterCommand.ListCommand.class, DeadLetterCommand.ReplayCommand.class})
public final class DeadLetterCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: list or replay");
    }

    static void checkFlow(String flow) {
        if (flow != null && !HubHome.FLOWS.contains(flow)) {
            throw new HubConfigurationException("unknown flow '" + flow + "' (one of " + HubHome.FLOWS + ")");
        }
    }


    @Command(name = "list", description = "List dead letters (the backlog; --all includes replayed ones).")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        HubOptions options;

        @Option(names = "--flow", paramLabel = "FLOW", description = "ppak, innergy, extruder or rmos")
        String flow;

        @Option(names = "--all", description = "include dead letters already replayed")
        boolean all;

        @Override
        public Integer call() {
            checkFlow(flow);
            HubSettings settings = options.settings(Map.of());
            try (HubServices services = HubServices.open(settings)) {
                DeadLetters store = services.deadLetters();
                List<DeadLetter> letters = all ? store.all(flow) : store.pending(flow);
                List<Map<String, Object>> rows = new ArrayList<>();
                StringBuilder human = new StringBuilder(String.format("%-5s %-8s %-8s %-40s %6s  %s%n", "id", "flow", "kind",
                        "source", "line", "reason"));
                for (DeadLetter d : letters) {
                    rows.add(d.toMap());
                    human.append(String.format("%-5d %-8s %-8s %-40s %6s  %s%s%n", d.id(), d.flow(), d.kind(), d.sourceFile(),
                            d.line() == null ? "" : d.line(), d.reason(), d.isReplayed() ? " [replayed]" : ""));
                }
                human.append(letters.size()).append(all ? " dead letters" : " dead letters waiting");
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("flow", flow);
                result.put("count", letters.size());
                result.put("letters", rows);
                return options.output().print(ExitCodes.CLEAN, result, human.toString());
            }
        }
    }

    @Command(name = "replay", description = "Put dead letters back through their flow; one rejected again stays a dead letter.")
    static final class ReplayCommand implements Callable<Integer> {
        @Mixin
        HubOptions options;

        @Option(names = "--flow", required = true, paramLabel = "FLOW")
        String flow;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--id", arity = "1..*", paramLabel = "N")
            List<Long> ids;

            @Option(names = "--all")
            boolean all;
        }

        @Override
        public Integer call() {
            checkFlow(flow);
            HubSettings settings = options.settings(Map.of("hub." + flow + ".autostart", "false"));
            try (HubRuntime runtime = HubRuntime.start(settings, List.of(flow))) {
                DeadLetters store = runtime.services().deadLetters();
                List<DeadLetter> letters = new ArrayList<>();
                if (which.all) {
                    letters.addAll(store.pending(flow));
                } else {
                    for (long id : which.ids) {
                        DeadLetter d = store.find(id);
                        if (d == null || !d.flow().equals(flow)) {
                            throw new HubConfigurationException("no " + flow + " dead letter with id " + id);
                        }
                        letters.add(d);
                    }
                }
                var producer = runtime.context().createProducerTemplate();
                List<Map<String, Object>> results = new ArrayList<>();
                StringBuilder human = new StringBuilder();
                int loaded = 0;
                int rejected = 0;
                for (DeadLetter d : letters) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("id", d.id());
                    r.put("source_file", d.sourceFile());
                    r.put("line", d.line());
                    if (d.isReplayed()) {
                        r.put("result", "already replayed");
                        human.append(String.format("dead letter %d: already replayed on %s%n", d.id(), d.replayed()));
                    } else {
                        ReplayOutcome outcome = producer.requestBody("direct:" + flow + "-replay", d, ReplayOutcome.class);
                        r.put("result", outcome.loaded() ? "loaded" : "rejected");
                        r.put("reason", outcome.reason());
                        r.put("batch_id", outcome.batchId());
                        if (outcome.loaded()) {
                            loaded++;
                            human.append(String.format("dead letter %d (%s line %s): loaded%n", d.id(), d.sourceFile(), d.line()));
                        } else {
                            rejected++;
                            human.append(String.format("dead letter %d (%s line %s): rejected again: %s%n", d.id(),
                                    d.sourceFile(), d.line(), outcome.reason()));
                        }
                    }
                    results.add(r);
                }
                human.append(String.format("replayed %d: %d loaded, %d still dead letters", letters.size(), loaded, rejected));
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("flow", flow);
                result.put("loaded", loaded);
                result.put("rejected", rejected);
                result.put("results", results);
                return options.output().print(rejected > 0 ? ExitCodes.REJECTS : ExitCodes.CLEAN, result, human.toString());
            }
        }
    }
}
