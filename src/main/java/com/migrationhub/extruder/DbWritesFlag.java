package com.migrationhub.extruder;

import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.HubSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.BooleanSupplier;

/**
 * The runbook's lever {@code hub.extruder.db-writes}: the setting, unless {@code ./hub cutover db-writes on|off} has
 * written {@code <data>/cutover/db-writes} in the home, which then wins. A running service asks on every poll; the
 * file is read again only when its modification time changes, so the lever takes effect within one poll.
 */
public final class DbWritesFlag implements BooleanSupplier {

    private final Path file;
    private final boolean configured;
    private FileTime seen;
    private Boolean fromFile;

    public DbWritesFlag(Path file, boolean configured) {
        this.file = file;
        this.configured = configured;
    }

    public static DbWritesFlag of(HubSettings settings) {
        return new DbWritesFlag(fileOf(settings), settings.getBoolean("hub.extruder.db-writes", true));
    }

    /** {@code <hub.data>/cutover/db-writes}: {@code on} or {@code off}. */
    public static Path fileOf(HubSettings settings) {
        return settings.path("hub.data").resolve("cutover").resolve("db-writes");
    }

    @Override
    public synchronized boolean getAsBoolean() {
        try {
            FileTime now = Files.getLastModifiedTime(file);
            if (!now.equals(seen)) {
                seen = now;
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                fromFile = text.equalsIgnoreCase("on") || text.equalsIgnoreCase("true") ? Boolean.TRUE
                        : text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            }
        } catch (NoSuchFileException gone) {
            seen = null;
            fromFile = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return fromFile != null ? fromFile : configured;
    }

    /** Where the value comes from: the home's file or the setting. */
    public synchronized String source() {
        getAsBoolean();
        return fromFile != null ? file.toString() : "hub.extruder.db-writes";
    }

    /** Throws the lever: persisted in the home, seen by a running service on its next poll. */
    public void set(boolean on) {
        AtomicFiles.writeString(file, (on ? "on" : "off") + "\n");
    }
}
