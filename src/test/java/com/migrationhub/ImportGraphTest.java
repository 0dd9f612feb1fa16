package com.migrationhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layout the house keeps (one package per flow, the canonical model, a core that knows no flow, the
 * composition root above them), held by the sources: {@code core} knows no flow, no flow reaches into another, and the
 * packages import each other without a cycle. Read from the main sources' imports and fully qualified names.
 */
class ImportGraphTest {

    private static final Set<String> FLOWS = Set.of("ppak", "innergy", "extruder", "rmos");
    private static final Pattern PACKAGE = Pattern.compile("^package com\\.migrationhub(?:\\.(\\w+)(?:\\.\\w+)*)?;",
            Pattern.MULTILINE);
    /**
     * An import or a qualified use: com.migrationhub.&lt;package&gt;[.sub…].&lt;Type&gt; or .*, or com.migrationhub.&lt;Type&gt;
     * (the root). A subpackage counts as its top package.
     */
    private static final Pattern REFERENCE = Pattern.compile("com\\.migrationhub\\.(?:([a-z]\\w*)(?:\\.[a-z]\\w*)*\\.)?(?:[A-Z]|\\*)");

    @Test
    void coreKnowsNoFlowNoFlowKnowsAnotherAndThereIsNoCycle() throws IOException {
        Map<String, Set<String>> graph = graph(Path.of("src/main/java/com/migrationhub"));
        assertThat(graph).containsKeys("core", "canonical", "ppak", "innergy", "extruder", "rmos", "cli");

        assertThat(graph.get("core")).as("core imports").doesNotContainAnyElementsOf(FLOWS).doesNotContain("root", "cli");
        for (String flow : FLOWS) {
            assertThat(graph.get(flow)).as(flow + " imports").doesNotContainAnyElementsOf(
                    FLOWS.stream().filter(f -> !f.equals(flow)).toList()).doesNotContain("root", "cli");
        }
        assertThat(cycles(graph)).as("package cycles in " + graph).isEmpty();
    }

    private static Map<String, Set<String>> graph(Path root) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher p = PACKAGE.matcher(source);
                if (!p.find()) {
                    continue;
                }
                String from = p.group(1) == null ? "root" : p.group(1);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher r = REFERENCE.matcher(source.substring(p.end()));
                while (r.find()) {
                    String target = r.group(1) == null ? "root" : r.group(1);
                    if (!target.equals(from)) {
                        to.add(target);
                    }
                }
            }
        }
        return graph;
    }

    /** Each cycle found by a depth-first walk, as the path that closes it. */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(start, graph, new ArrayList<>(), done, found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done,
                             List<List<String>> found) {
        int at = path.indexOf(node);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(node);
            found.add(cycle);
            return;
        }
        if (done.contains(node)) {
            return;
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            walk(next, graph, path, done, found);
        }
        path.remove(path.size() - 1);
        done.add(node);
    }
}
