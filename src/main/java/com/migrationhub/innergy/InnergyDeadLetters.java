package com.migrationhub.innergy;

import com.migrationhub.core.Flow;
import com.migrationhub.core.AtomicFiles;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.DeadLetter;
import com.migrationhub.core.DeadLetters;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records INNERGY refused or failed validation: {@code outbox/dead-letter/innergy/<entity>_<key>.json}
 * (the canonical record and the request body) with a {@code .reason.txt} beside it, and a
 * {@code dead_letters} row (flow innergy, source {@code <entity>:<key>}). A record refused again
 * updates its pending dead letter instead of adding one; a record that later goes through resolves it.
 */
public final class InnergyDeadLetters {


    private final HubHome home;
    private final DeadLetters deadLetters;
    private final BatchLedger ledger;
    /** Pending INNERGY dead letters by source, read once per run so a clean record costs no query. */
    private final Map<String, Long> pending = new java.util.HashMap<>();

    public InnergyDeadLetters(HubHome home, DeadLetters deadLetters, BatchLedger ledger) {
        this.home = home;
        this.deadLetters = deadLetters;
        this.ledger = ledger;
    }

    public synchronized void startRun() {
        pending.clear();
        deadLetters.pending(Flow.INNERGY.id()).forEach(d -> pending.put(d.sourceFile(), d.id()));
    }

    public static String source(String entity, String key) {
        return entity + ":" + key;
    }

    public synchronized void reject(String entity, String key, Object canonical, Object request, String reason, Long batchId) {
        // keys may hold slashes (SKU PNL-BIRCH-3/4-5X8): flatten them so the name stays whole and in its folder
        String name = AtomicFiles.safeName((entity + "_" + key).replace('/', '_').replace('\\', '_'));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("entity", entity);
        doc.put("key", key);
        doc.put("canonical", canonical);
        doc.put("request", request == null ? null : Json.mapper().valueToTree(
                com.migrationhub.innergy.InnergyJson.mapper().valueToTree(request)));
        AtomicFiles.writeString(home.deadLetter(Flow.INNERGY.id()).resolve(name + ".json"), Json.pretty(doc));
        AtomicFiles.writeString(home.deadLetter(Flow.INNERGY.id()).resolve(name + ".json.reason.txt"), reason + System.lineSeparator());
        String source = source(entity, key);
        Long existing = pending.get(source);
        if (existing == null) {
            existing = deadLetters.pending(Flow.INNERGY.id()).stream().filter(d -> d.sourceFile().equals(source)).map(DeadLetter::id)
                    .findFirst().orElse(null);
        }
        if (existing != null) {
            deadLetters.updateReason(existing, reason);
        } else {
            deadLetters.record(DeadLetter.of(Flow.INNERGY.id(), DeadLetter.DOCUMENT, source, null, reason, Json.write(canonical), batchId));
            deadLetters.pending(Flow.INNERGY.id()).stream().filter(d -> d.sourceFile().equals(source)).forEach(d -> pending.put(source, d.id()));
        }
    }

    /** The record went through: its pending dead letter (if any) leaves the backlog. */
    public synchronized void resolve(String entity, String key, long batchId) {
        Long id = pending.remove(source(entity, key));
        if (id != null) {
            deadLetters.markReplayed(id, batchId);
        }
    }
}
