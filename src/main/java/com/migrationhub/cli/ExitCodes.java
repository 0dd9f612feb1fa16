package com.migrationhub.cli;

import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.TargetUnavailableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * SPEC §3 exit codes: 0 clean, 1 something rejected or a check failed, 2 usage/configuration, 3 target unreachable.
 * Every failure, of parsing or of the work, ends here: a line on stderr (with the usage for a usage error) and,
 * with --json, the command's answer with {@code error} on stdout.
 */
public final class ExitCodes {

    public static final int CLEAN = 0;
    public static final int REJECTS = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }

    public static CommandLine configure(CommandLine cl) {
        cl.setExecutionStrategy(parseResult -> {
            // the answer's "started": when the command's own work begins
            HubOptions options = HubOptions.of(parseResult.asCommandLineList().get(parseResult.asCommandLineList().size() - 1));
            if (options != null) {
                options.output();
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr());
            failed.usage(failed.getErr());
            failed.getErr().flush();
            return answer(failed, Arrays.asList(args).contains("--json")).fail(USAGE, e.getMessage());
        });
        cl.setExecutionExceptionHandler((e, failed, parseResult) -> {
            String message = sentence(e, HubOptions.name(failed.getCommandSpec()));
            failed.getErr().println("error: " + message);
            failed.getErr().flush();
            HubOptions options = HubOptions.of(failed);
            return answer(failed, options != null && options.json()).fail(code(e), message);
        });
        return cl;
    }

    /** The exit code of a failure: 3 when a target was unreachable or refused the credentials, else 2. */
    static int code(Throwable e) {
        return known(e) instanceof TargetUnavailableException ? UNREACHABLE : USAGE;
    }

    /**
     * A failure as one plain sentence for the operator or the agent: no stack trace, no class names. The trace of
     * a failure the hub did not expect goes to logs/hub.log (INFO: below the console's threshold).
     */
    static String sentence(Throwable e, String command) {
        if (known(e) == null) {
            LoggerFactory.getLogger(ExitCodes.class).info("{} failed", command, e);
        }
        Throwable t = known(e) != null ? known(e) : e;
        if (t instanceof NoSuchFileException f) {
            return "no such file or folder: " + f.getFile();
        }
        if (t instanceof AccessDeniedException f) {
            return "access denied: " + f.getFile();
        }
        if (t instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() == null ? "cannot be read or written" : f.getReason());
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return "the command failed unexpectedly; logs/hub.log has the details";
        }
        // a wrapped cause's message names its class ("java.io.IOException: ...", "HttpHostConnectException Connect to ...")
        return message.replaceAll("(?:\\b(?:[a-z_$][\\w$]*\\.)+)?\\b[A-Z][\\w$]+?(?:Exception|Error)\\b:?\\s*", "").strip();
    }

    /** The failure the hub expects and explains (configuration, target, file system), if {@code e} is or wraps one. */
    private static Throwable known(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TargetUnavailableException || t instanceof HubConfigurationException || t instanceof FileSystemException) {
                return t;
            }
        }
        return null;
    }

    private static CommandOutput answer(CommandLine cl, boolean json) {
        HubOptions options = HubOptions.of(cl);
        // a parse error may come before --json was read into the options: the arguments decide
        return options != null && options.json() == json ? options.output() : new CommandOutput(HubOptions.name(cl.getCommandSpec()), json);
    }
}
