package com.migrationhub.cli;

import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.TargetUnavailableException;
import picocli.CommandLine;

/** SPEC §3 exit codes: 0 clean, 1 something rejected or a check failed, 2 usage/configuration, 3 target unreachable. */
public final class ExitCodes {

    public static final int CLEAN = 0;
    public static final int REJECTS = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }

    public static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof HubConfigurationException) {
                    return fail(commandLine, cause.getMessage(), USAGE);
                }
                if (cause instanceof TargetUnavailableException) {
                    return fail(commandLine, cause.getMessage(), UNREACHABLE);
                }
                cause = cause.getCause() == cause ? null : cause.getCause();
            }
            return fail(commandLine, String.valueOf(e), USAGE);
        });
        return cl;
    }

    private static int fail(CommandLine commandLine, String message, int code) {
        commandLine.getErr().println("error: " + message);
        commandLine.getErr().flush();
        return code;
    }
}
