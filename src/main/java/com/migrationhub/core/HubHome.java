package com.migrationhub.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** The folders of a hub home (SPEC §2), created on start. */
public final class HubHome {

    public static final List<String> FLOWS = Flow.ids();
    static final List<String> DEFAULT_MAPPINGS = List.of("status_mapping.csv", "phase_mapping.csv",
            "material_mapping.csv", "material_library_master.csv");

    private final Path root;
    private final Path inbox;
    private final Path outbox;
    private final Path logs;
    private final Path data;
    private final Path mappings;

    HubHome(HubSettings settings) {
        this.root = settings.path("hub.home");
        this.inbox = settings.path("hub.inbox");
        this.outbox = settings.path("hub.outbox");
        this.logs = settings.path("hub.logs");
        this.data = settings.path("hub.data");
        this.mappings = settings.path("hub.mappings");
    }

    /** Creates every folder the flows use and seeds the mapping tables a new home lacks. */
    public HubHome ensureLayout() {
        try {
            for (Path p : List.of(inbox.resolve("ppak"), inbox.resolve("extruder/logs"), inbox.resolve("extruder/config"),
                    inbox.resolve("extruder/events"), inbox.resolve("rmos/strip_families"), inbox.resolve("rmos/patterns"),
                    inbox.resolve("rmos/joblogs"), canonical(), outbox.resolve("innergy"), reports(), logs, data, mappings)) {
                Files.createDirectories(p);
            }
            for (String flow : FLOWS) {
                Files.createDirectories(deadLetter(flow));
                Files.createDirectories(outbox.resolve("archive").resolve(flow));
            }
            for (String name : DEFAULT_MAPPINGS) {
                Path target = mappings.resolve(name);
                if (!Files.exists(target)) {
                    try (InputStream in = HubHome.class.getResourceAsStream("/home-template/mappings/" + name)) {
                        if (in != null) {
                            Files.copy(in, target);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the hub home at " + root, e);
        }
        return this;
    }

    public Path root() { return root; }
    public Path inbox(String flow) { return inbox.resolve(flow); }
    public Path outbox() { return outbox; }
    public Path canonical() { return outbox.resolve("canonical"); }
    public Path reports() { return outbox.resolve("reports"); }
    public Path deadLetter(String flow) { return outbox.resolve("dead-letter").resolve(flow); }
    public Path archive(String flow, LocalDate day) { return outbox.resolve("archive").resolve(flow).resolve(day.toString()); }
    public Path logs() { return logs; }
    public Path data() { return data; }
    public Path mappings() { return mappings; }
}
