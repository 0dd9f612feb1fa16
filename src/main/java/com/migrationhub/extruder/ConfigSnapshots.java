package com.migrationhub.extruder;

import com.migrationhub.core.Flow;
import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.core.Archive;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.FileDeadLetters;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.Json;
import com.migrationhub.core.ReplayOutcome;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration snapshots dropped into {@code inbox/extruder/config/}: each one a batch. Every {@code security} member
 * is removed before anything is written — the profile, its content hash, the archived copy and a rejected snapshot's
 * dead-letter copy are the redacted document; a snapshot that is not valid JSON is kept nowhere in readable form (its
 * dead letter says why, and where parsing stopped); the original leaves the inbox. A snapshot breaking any of the
 * controller's rules is rejected whole, naming every violation.
 */
public final class ConfigSnapshots implements com.migrationhub.core.InboxSweep.DeadLetterCopy {

    /** The folder of the extruder's dead letters a snapshot's dead letter is kept in: what makes it one. */
    static final String FOLDER = "config";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSnapshots.class);

    private final ConfigProfiles profiles;
    private final ConfigRules rules;
    private final BatchLedger ledger;
    private final DeadLetters deadLetters;
    private final FileDeadLetters fileDeadLetters;
    private final Archive archive;
    private final ZoneId zone;
    private final String profileName;
    private final String appliedBy;
    /** The runbook's lever, asked per file: {@link DbWritesFlag} follows ./hub cutover db-writes within one poll. */
    private final java.util.function.BooleanSupplier dbWrites;
    private final boolean originalsLeave;

    public ConfigSnapshots(ConfigProfiles profiles, ConfigRules rules, BatchLedger ledger, DeadLetters deadLetters,
                           FileDeadLetters fileDeadLetters, Archive archive, ZoneId zone, String profileName, String appliedBy,
                           java.util.function.BooleanSupplier dbWrites, boolean originalsLeave) {
        this.profiles = profiles;
        this.rules = rules;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.fileDeadLetters = fileDeadLetters;
        this.archive = archive;
        this.zone = zone;
        this.profileName = profileName;
        this.appliedBy = appliedBy;
        this.dbWrites = dbWrites;
        this.originalsLeave = originalsLeave;
    }

    /** One snapshot, one batch: a new profile version, the same content again (skipped), or a reject. */
    public BatchRun take(File file, Long replayOf) {
        Path path = file.toPath();
        String name = file.getName();
        byte[] bytes = read(path);
        BatchRun batch = ledger.open(Flow.EXTRUDER.id(), name, dbWrites.getAsBoolean() ? Hashing.sha256(bytes) : null);
        batch.countFound(1);
        if (batch.isDuplicate()) {
            batch.countSkipped(1);
            leaveInbox(path, replayOf);
            ledger.close(batch, BatchLedger.DUPLICATE, "duplicate file: same content as batch " + batch.duplicateOf());
            return batch;
        }
        JsonNode document;
        try {
            document = Json.mapper().readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the parser's own message may quote the text (a secret): only where it stopped is told
            String where = e.getLocation() == null ? "cannot be parsed"
                    : "stops at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String reason = "not valid JSON (a half-written snapshot?): it " + where + "; no copy is kept, it may hold password hashes";
            return reject(batch, path, replayOf, ConfigSnapshot.unreadable(name, "it " + where)
                    .getBytes(StandardCharsets.UTF_8), reason);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (document == null || !document.isObject()) {
            byte[] rendering = document == null ? new byte[0]
                    : Json.pretty(ConfigSnapshot.redacted(document)).getBytes(StandardCharsets.UTF_8);
            return reject(batch, path, replayOf, rendering, "not a configuration: the document is not a JSON object");
        }
        ConfigSnapshot snapshot = ConfigSnapshot.of(name, document);
        byte[] redacted = Json.pretty(snapshot.content()).getBytes(StandardCharsets.UTF_8);
        List<String> violations = new ArrayList<>();
        String nonFinite = Json.nonFinite(snapshot.content());
        if (nonFinite != null) {
            violations.add(nonFinite + " is not a finite number (out of range)");
        } else {
            violations.addAll(rules.violations(snapshot.content()));
        }
        Instant appliedAt = null;
        try {
            appliedAt = ConfigSnapshot.appliedAtFromName(name, zone).orElseGet(() -> modified(path));
        } catch (IllegalArgumentException e) {
            violations.add(e.getMessage());
        }
        if (!violations.isEmpty()) {
            return reject(batch, path, replayOf, redacted, "invalid configuration: " + String.join("; ", violations));
        }
        if (dbWrites.getAsBoolean()) {
            ConfigProfiles.Stored stored = profiles.store(profileName, snapshot, appliedAt, appliedBy, batch.id());
            if (stored.newVersion()) {
                batch.countLoaded(1);
            } else {
                batch.countSkipped(1);
            }
            LOG.info("batch {}: {} applied {} as profile '{}' version {}{}; {} runs linked", batch.id(), name, appliedAt,
                    profileName, stored.version(), stored.newVersion() ? " (new)" : " (same content as before)", stored.relinkedRuns());
        } else {
            batch.countSkipped(1);
        }
        archive.keepContent(Flow.EXTRUDER.id(), name, redacted);
        leaveInbox(path, replayOf);
        if (replayOf != null) {
            deadLetters.markReplayed(replayOf, batch.id());
        }
        ledger.close(batch, BatchLedger.DONE, null);
        return batch;
    }

    /**
     * A configuration snapshot's dead letter replayed (after it was fixed in the dead-letter folder): its copy taken again
     * as a snapshot, not as a run log. The copy stays where it is; rejected again, the dead letter keeps the new reason.
     * A snapshot that was not valid JSON left only a note: nothing to replay, the dead letter stays as it was.
     */
    public ReplayOutcome replay(DeadLetter letter) {
        if (new String(read(letter.fileCopy().toPath()), StandardCharsets.UTF_8).startsWith(ConfigSnapshot.UNREADABLE)) {
            return ReplayOutcome.rejected(letter.id(), null, letter.reason() + " (to load it, drop the fixed snapshot into the inbox)");
        }
        BatchRun batch = take(letter.fileCopy(), letter.id());
        return BatchLedger.DONE.equals(ledger.find(batch.id()).status()) ? ReplayOutcome.loaded(letter.id(), batch.id())
                : ReplayOutcome.rejected(letter.id(), batch.id(), deadLetters.find(letter.id()).reason());
    }

    /**
     * What a snapshot's dead letter keeps when its processing failed unexpectedly (the poison rule): the redacted
     * document, or, when it is not valid JSON, only the note that nothing of it is kept.
     */
    @Override
    public byte[] of(Path original) {
        String name = original.getFileName().toString();
        try {
            JsonNode document = Json.mapper().readTree(read(original));
            return document == null ? new byte[0] : Json.pretty(ConfigSnapshot.redacted(document)).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return ConfigSnapshot.unreadable(name, "it cannot be parsed").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    @Override
    public String folder() {
        return FOLDER;
    }

    /**
     * A dead letter of the configuration inbox (kept in {@code dead-letter/extruder/config/}), whatever its name: replayed
     * as a snapshot. One written before snapshots were kept there is known by the controller's name
     * ({@code config_2025-12-05.json}) and a content that is the hub's rendering of a snapshot, not a run log.
     */
    public boolean isSnapshot(DeadLetter letter) {
        if (!letter.isFile() || letter.payload() == null) {
            return false;
        }
        Path copy = Path.of(letter.payload());
        if (fileDeadLetters.isIn(Flow.EXTRUDER.id(), FOLDER, copy)) {
            return true;
        }
        // written before: a controller's name, and the hub's rendering of a snapshot (JSON, or the note), not a log
        if (letter.sourceFile() == null || !letter.sourceFile().matches("config[^/\\\\]*\\.json") || !Files.isRegularFile(copy)) {
            return false;
        }
        try {
            byte[] bytes = read(copy);
            if (new String(bytes, StandardCharsets.UTF_8).startsWith(ConfigSnapshot.UNREADABLE)) {
                return true;
            }
            Json.mapper().readTree(bytes);
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private BatchRun reject(BatchRun batch, Path path, Long replayOf, byte[] redacted, String reason) {
        batch.countRejected(1);
        if (replayOf == null) {
            fileDeadLetters.rejectContent(Flow.EXTRUDER.id(), FOLDER, path.getFileName().toString(), redacted, reason, batch.id());
        } else {
            deadLetters.updateReason(replayOf, reason);
        }
        leaveInbox(path, replayOf);
        ledger.close(batch, BatchLedger.REJECTED_FILE, reason);
        LOG.warn("batch {}: {} rejected: {}", batch.id(), path.getFileName(), reason);
        return batch;
    }

    /**
     * The original (with its secrets) never stays in the hub's inbox once taken; a foreign folder is only read, and a
     * replayed dead letter's copy (redacted already) stays in the dead letters.
     */
    private void leaveInbox(Path path, Long replayOf) {
        if (originalsLeave && replayOf == null) {
            RunLogs.removeFromInbox(path);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path); // a config.json is a few kilobytes
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static Instant modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }
}
