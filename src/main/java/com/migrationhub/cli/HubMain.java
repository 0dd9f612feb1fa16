package com.migrationhub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./hub} command line: the service and every one-shot command (SPEC §3). {@code -h}/{@code --help}
 * and {@code -V}/{@code --version} are inherited by every command and subcommand.
 */
@Command(name = "hub", mixinStandardHelpOptions = true, version = "Migration Hub 0.1", scope = CommandLine.ScopeType.INHERIT,
        description = "Migration Hub: PPak, INNERGY, extruder and RMOS file flows on Apache Camel.",
        subcommands = {
                RunCommand.class,
                DemoCommand.class,
                PpakEtlCommand.class,
                DeadLetterCommand.class,
                RollbackCommand.class,
                TraceCommand.class,
                ExtruderIngestCommand.class,
                ExtruderVerifyCommand.class,
                RmosMigrateCommand.class,
                RmosAuditCommand.class,
                RmosReportCommand.class,
                SandboxCommand.class,
                InnergyCheckCommand.class,
                ImportProjectsCommand.class,
                SyncMaterialsCommand.class,
                HealthCheckCommand.class,
                FullCycleCommand.class,
                CutoverCommand.class,
        })
public final class HubMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }

    /** Seconds the JVM took to reach {@link #main} (0 when the hub runs inside another program, as in tests). */
    static volatile double jvmStartSeconds;

    public static void main(String[] args) {
        jvmStartSeconds = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return ExitCodes.configure(new CommandLine(new HubMain())).execute(args);
    }
}
