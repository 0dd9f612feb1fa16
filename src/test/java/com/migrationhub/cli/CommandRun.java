package com.migrationhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code ./hub} in-process the way the automation agent does: arguments in, exit code and stdout out. */
public record CommandRun(int exitCode, String stdout, String stderr) {

    public static synchronized CommandRun of(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int code = HubMain.execute(args);
            return new CommandRun(code, captured.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A command on a home with --json: {@code args} as typed after ./hub, then {@code --home HOME --json}. */
    public static CommandRun inHome(java.nio.file.Path home, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 3);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        all[args.length + 2] = "--json";
        return of(all);
    }

    /**
     * Runs a command that keeps running (run, sandbox) until its answer is on stdout, then stops it the way a
     * service is stopped from inside the JVM (an interrupt: the same clean stop as Ctrl+C).
     */
    public static synchronized CommandRun untilAnswered(String... args) throws InterruptedException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int[] code = {-1};
        Thread command = new Thread(() -> code[0] = HubMain.execute(args), "hub-" + args[0]);
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            command.start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                    .until(() -> !command.isAlive() || captured.toString(StandardCharsets.UTF_8).stripTrailing().endsWith("}"));
            command.interrupt();
            command.join(java.time.Duration.ofMinutes(1).toMillis());
            return new CommandRun(code[0], captured.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    public JsonNode json() {
        try {
            return Json.mapper().readTree(stdout);
        } catch (java.io.IOException e) {
            throw new AssertionError("stdout is not one JSON object: " + stdout, e);
        }
    }
}
