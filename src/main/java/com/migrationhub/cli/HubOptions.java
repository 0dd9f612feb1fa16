package com.migrationhub.cli;

import com.migrationhub.core.HubSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command takes: the home and JSON output; and the command's answer, which they shape. */
public final class HubOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--home", paramLabel = "DIR", description = "the hub home (default: HUB_HOME, else the current directory)")
    Path home;

    @Option(names = "--json", description = "print one JSON object instead of the human summary (docs/AUTOMATION.md)")
    boolean json;

    private CommandOutput output;

    /**
     * The merged settings; also points the log files at the home before anything logs, and watches the
     * output folder so the answer can name every file the command writes there.
     */
    public HubSettings settings(Map<String, String> flags) {
        Path dir = home != null ? home
                : System.getenv("HUB_HOME") != null ? Path.of(System.getenv("HUB_HOME"))
                : Path.of("").toAbsolutePath();
        Map<String, String> withFlags = new LinkedHashMap<>(flags);
        HubSettings settings = HubSettings.load(dir.toAbsolutePath(), System.getenv(), withFlags);
        com.migrationhub.core.HubLogging.configure(settings);
        output().watch(settings.path("hub.outbox"));
        return settings;
    }

    public boolean json() {
        return json;
    }

    /** This run's answer (created when the command starts: {@link ExitCodes} asks for it first). */
    CommandOutput output() {
        if (output == null) {
            output = new CommandOutput(name(command), json);
        }
        return output;
    }

    /** The command as the agent types it after {@code ./hub}: {@code ppak-etl}, {@code dead-letter list}. */
    static String name(CommandSpec spec) {
        String qualified = spec.qualifiedName(" ");
        String root = spec.root().name();
        return qualified.equals(root) ? root : qualified.substring(root.length() + 1);
    }

    /** The options of the command {@code cl} runs, if it takes them (the root and {@code dead-letter} do not). */
    static HubOptions of(CommandLine cl) {
        for (CommandSpec mixin : cl.getCommandSpec().mixins().values()) {
            if (mixin.userObject() instanceof HubOptions o) {
                return o;
            }
        }
        return null;
    }
}
