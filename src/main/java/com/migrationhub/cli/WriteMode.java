package com.migrationhub.cli;

import com.migrationhub.innergy.InnergyServices;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --live} / {@code --dry-run} of the commands that write to INNERGY: the runbook's {@code dry_run} either way. */
public final class WriteMode {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--live", description = "send the INNERGY writes (default: dry-run unless hub.innergy.mode=live)")
    boolean live;

    @Option(names = "--dry-run", description = "plan the writes in outbox/innergy/ and send none, whatever hub.innergy.mode says")
    boolean dryRun;

    /** Whether to send the writes: the flag given, else the configured mode. */
    boolean live(InnergyServices innergy) {
        validate();
        return live || !dryRun && innergy.live();
    }

    void validate() {
        if (live && dryRun) {
            throw new ParameterException(command.commandLine(), "--live and --dry-run exclude each other");
        }
    }
}
