package com.migrationhub.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The release archive that {@code mvn package} built, unpacked into a folder as an installer would, and its
 * {@code bin/hub} run the way a machine with only Java runs it: no Maven and nothing else on the PATH.
 */
final class ReleaseArchive {

    private ReleaseArchive() {
    }

    static Path archive() {
        String path = System.getProperty("hub.release.archive");
        assertThat(path).as("hub.release.archive (set by failsafe in pom.xml)").isNotNull();
        return Path.of(path);
    }

    /** Unpacks the .tar.gz into {@code into} and returns the release's root folder. */
    static Path unpack(Path into) throws Exception {
        Process tar = new ProcessBuilder("tar", "xzf", archive().toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
        try (Stream<Path> roots = Files.list(into)) {
            return roots.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("migration-hub-"))
                    .findFirst().orElseThrow();
        }
    }

    /** {@code bin/hub args} with only Java: JAVA_HOME set, a PATH that holds no tool at all. */
    static ProcessBuilder hub(Path release, Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", release.resolve("bin/hub").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/nonexistent");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("HOME", workDir.toString());
        pb.environment().putAll(env);
        pb.environment().values().removeIf(String::isEmpty);
        return pb;
    }

    /** The peak resident memory of a running process so far (VmHWM), in MB, or -1 once it is gone. */
    static long peakRssMb(Process p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process has exited
        }
        return -1;
    }

    static String commandLine(Process p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }
}
