package com.migrationhub.cli;

import com.migrationhub.core.Json;
import java.io.PrintStream;
import java.util.Map;

/** A command's result: one JSON object with --json, the human summary otherwise. */
final class CommandOutput {

    private CommandOutput() {
    }

    static void print(boolean json, Map<String, Object> result, String human) {
        PrintStream out = System.out;
        out.println(json ? Json.pretty(result) : human);
        out.flush();
    }
}
