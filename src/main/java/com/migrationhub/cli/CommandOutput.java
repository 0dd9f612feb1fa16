package com.migrationhub.cli;

import com.migrationhub.core.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A command's answer (docs/AUTOMATION.md): the human summary, or with --json one object of the same shape for
 * every command — {@code command}, {@code exit_code}, {@code started}, {@code finished}, the command's own
 * result, {@code reports}, {@code outputs}, {@code dead_letters} (the files it wrote) and, on failure,
 * {@code error}. The files are what changed in the watched output folder while the command ran (a new name, a
 * new file under an old name, or other contents), so every writer is covered without each reporting its own.
 */
public final class CommandOutput {

    private final String command;
    private final boolean json;
    private final Instant started = Instant.now();
    private final Map<Path, Map<Path, Object>> watched = new LinkedHashMap<>();
    private final Set<Path> explicit = new LinkedHashSet<>();

    CommandOutput(String command, boolean json) {
        this.command = command;
        this.json = json;
    }

    /** Remembers the files under {@code root} now; those created or changed later are the command's. */
    void watch(Path root) {
        watched.computeIfAbsent(root.toAbsolutePath().normalize(), CommandOutput::fingerprints);
    }

    /** A file written outside the watched folders (a canonical file updated in place). */
    void wrote(Path file) {
        explicit.add(file.toAbsolutePath().normalize());
    }

    /** Prints the answer and returns {@code exitCode}. */
    int print(int exitCode, Map<String, Object> result, String human) {
        PrintStream out = System.out;
        out.println(json ? Json.pretty(answer(exitCode, result)) : human);
        out.flush();
        return exitCode;
    }

    int print(Outcome outcome) {
        return print(outcome.exitCode(), outcome.result(), outcome.human());
    }

    /** With --json, prints the answer with {@code error} (the line on stderr is the caller's); returns {@code exitCode}. */
    int fail(int exitCode, String message) {
        if (json) {
            System.out.println(Json.pretty(failure(exitCode, message)));
            System.out.flush();
        }
        return exitCode;
    }

    Map<String, Object> failure(int exitCode, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("error", message);
        return answer(exitCode, result);
    }

    /** The answer object: the envelope around {@code result}, with the files written so far. */
    Map<String, Object> answer(int exitCode, Map<String, Object> result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", command);
        out.put("exit_code", exitCode);
        out.put("started", started.toString());
        out.put("finished", Instant.now().toString());
        result.forEach((k, v) -> {
            if (!out.containsKey(k)) {
                out.put(k, v);
            }
        });
        // A command's own list under one of these names (a trace's dead letters) stands when it wrote no such file.
        files().forEach((k, v) -> {
            if (!out.containsKey(k) || !((List<?>) v).isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** {@code reports}, {@code outputs} and {@code dead_letters}: the paths written since {@link #watch}. */
    Map<String, Object> files() {
        List<String> reports = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        Set<Path> written = new LinkedHashSet<>();
        watched.forEach((root, before) -> fingerprints(root).forEach((file, print) -> {
            if (!Objects.equals(before.get(file), print)) {
                written.add(file);
            }
        }));
        written.addAll(explicit);
        for (Path file : written) {
            Path root = watched.keySet().stream().filter(file::startsWith).findFirst().orElse(null);
            String area = root == null || root.relativize(file).getNameCount() < 2 ? "" : root.relativize(file).getName(0).toString();
            (area.equals("reports") ? reports : area.equals("dead-letter") ? deadLetters : outputs).add(file.toString());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reports", reports);
        out.put("outputs", outputs);
        out.put("dead_letters", deadLetters);
        return out;
    }

    /** Each regular file's identity (a rename over it is a new file), size and modification time; sorted by path. */
    private static Map<Path, Object> fingerprints(Path root) {
        Map<Path, Object> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile() && !p.getFileName().toString().startsWith(".")) {
                        out.put(p, List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime()));
                    }
                } catch (NoSuchFileException gone) {
                    // a temporary file renamed while we looked
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
