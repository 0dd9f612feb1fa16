package com.migrationhub.innergy;

import com.migrationhub.core.Flow;
import com.migrationhub.core.BatchLedger;
import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Hashing;
import com.migrationhub.core.HubHome;
import com.migrationhub.core.Json;
import com.migrationhub.innergy.api.Project;
import com.migrationhub.innergy.api.ProjectInput;
import com.migrationhub.innergy.api.WorkOrder;
import com.migrationhub.innergy.api.WorkOrderInput;
import com.migrationhub.canonical.CanonicalProject;
import com.migrationhub.canonical.CanonicalWorkOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canonical projects and their work orders → INNERGY, one project at a time (the route
 * {@code direct:innergy-import-projects} runs several concurrently). Each record is created when it
 * has no link — after looking it up by ExternalId / ExternalIdentifier, so a crash between a create
 * and the link write-back can never make a duplicate — edited when its content changed since the last
 * push, else left alone. A record INNERGY refuses (400) or that fails the checks before sending becomes
 * a dead letter; the others carry on. A refused key or an unreachable INNERGY stops the run.
 */
public final class ProjectImport {

    public enum Result { CREATED, UPDATED, UNCHANGED, FAILED }

    /** What happened to one record. */
    public record Outcome(String entity, String key, Result result, String innergyId, String reason) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProjectImport.class);

    private final InnergyServices innergy;
    private final CanonicalReader reader;
    private final InnergyLinks links;
    private final InnergyDeadLetters deadLetters;
    private final BatchLedger ledger;
    private final HubHome home;
    private final InnergyTranslator translator = new InnergyTranslator();

    public ProjectImport(InnergyServices innergy, CanonicalReader reader, InnergyLinks links, InnergyDeadLetters deadLetters,
                         BatchLedger ledger, HubHome home) {
        this.innergy = innergy;
        this.reader = reader;
        this.links = links;
        this.deadLetters = deadLetters;
        this.ledger = ledger;
        this.home = home;
    }

    /** One import run: what is pushed, what INNERGY already holds, and the outcomes so far. */
    public final class Run {
        final Path file;
        final boolean live;
        final boolean online;
        final InnergyWrites writes;
        final List<CanonicalProject> projects = new ArrayList<>();
        final Map<String, List<CanonicalWorkOrder>> workOrders;
        final Map<String, InnergyLinks.Link> projectLinks;
        final Map<String, InnergyLinks.Link> workOrderLinks;
        final Map<String, Project> innergyByExternalId = new ConcurrentHashMap<>();
        final Map<String, String> fileIds = new ConcurrentHashMap<>();
        /** Link write-backs, written in batches: a crash before a flush is healed by the ExternalId lookup. */
        final List<InnergyLinks.Push> unsaved = new ArrayList<>();
        final List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        BatchRun batch;
        final Instant started = Instant.now();
        final long callsBefore;
        final String stamp;

        Run(Path file, boolean live, String onlyProject) {
            this.file = file;
            this.live = live;
            this.online = innergy.hasApiKey();
            InnergyClient client = innergy.client();
            this.callsBefore = client.calls();
            this.writes = new InnergyWrites(client, innergy.paths(), live);
            reader.projects(file).stream().map(CanonicalReader.Linked::record)
                    .filter(p -> onlyProject == null || onlyProject.equals(p.projectNumber())).forEach(projects::add);
            this.workOrders = CanonicalReader.byProject(reader.workOrders(file));
            this.projectLinks = new ConcurrentHashMap<>(links.all(InnergyLinks.PROJECT));
            this.workOrderLinks = new ConcurrentHashMap<>(links.all(InnergyLinks.WORK_ORDER));
            this.stamp = InnergyReports.stamp(started);
        }

        public List<CanonicalProject> getProjects() {
            return projects;
        }

        String source() {
            return file == null ? "canonical store (hub.db)" : file.getFileName().toString();
        }

        Long batchId() {
            return batch == null ? null : batch.id();
        }
    }

    /** Reads the canonical projects and what INNERGY already holds (by ExternalId). */
    public Run prepare(Path file, boolean live) {
        return prepare(file, live, null);
    }

    /** A run over one project of the canonical store (a dead-letter replay). */
    public Run prepare(Path file, boolean live, String onlyProject) {
        Run run = new Run(file, live, onlyProject);
        deadLetters.startRun();
        if (run.online) {
            indexInnergyProjects(run);
        }
        if (live) {
            run.batch = ledger.open(Flow.INNERGY.id(), "import-projects " + run.source(), null);
        }
        innergy.progress().expectRows(run.projects.size() + run.projects.stream()
                .mapToLong(p -> run.workOrders.getOrDefault(p.projectNumber(), List.of()).size()).sum());
        LOG.info("import-projects ({}): {} projects, {} with work orders, from {}", live ? "live" : "dry-run",
                run.projects.size(), run.workOrders.size(), run.source());
        return run;
    }

    private void indexInnergyProjects(Run run) {
        for (Project p : innergy.client().projects()) {
            if (p.externalId() != null) {
                run.innergyByExternalId.put(p.externalId(), p);
            }
        }
    }

    /** Pushes one project and then its work orders. */
    public void push(Run run, CanonicalProject canonical) {
        ProjectInput in = translator.project(canonical);
        String key = canonical.projectNumber();
        String problem = translator.problem(in);
        if (problem != null) {
            fail(run, InnergyLinks.PROJECT, key, canonical, in, problem);
            skipWorkOrders(run, key);
            return;
        }
        String hash = Hashing.sha256(InnergyJson.write(in));
        Outcome outcome;
        try {
            outcome = pushProject(run, key, in, hash, true);
        } catch (InnergyRejectedException e) {
            fail(run, InnergyLinks.PROJECT, key, canonical, in, e.reason());
            skipWorkOrders(run, key);
            return;
        }
        record(run, outcome);
        if (run.file != null) {
            run.fileIds.put(key, outcome.innergyId());
        }
        pushWorkOrders(run, in.number(), outcome);
    }

    /** The work orders of a project that did not get in are failed too (their project is the dead letter). */
    private void skipWorkOrders(Run run, String projectNumber) {
        for (CanonicalWorkOrder w : run.workOrders.getOrDefault(projectNumber, List.of())) {
            record(run, new Outcome(InnergyLinks.WORK_ORDER, w.workOrderNumber(), Result.FAILED, null,
                    "its project " + projectNumber + " was not imported"));
        }
    }

    private Outcome pushProject(Run run, String key, ProjectInput in, String hash, boolean firstTry) {
        InnergyLinks.Link link = run.projectLinks.get(key);
        if (link != null) {
            if (hash.equals(link.pushedHash())) {
                return new Outcome(InnergyLinks.PROJECT, key, Result.UNCHANGED, link.innergyId(), null);
            }
            try {
                run.writes.editProject(link.innergyId(), in);
            } catch (InnergyRejectedException e) {
                if (e.status() == 404 && firstTry) {
                    // deleted in INNERGY since the last push: forget the link and create it again
                    run.projectLinks.remove(key);
                    links.forget(InnergyLinks.PROJECT, key);
                    return pushProject(run, key, in, hash, false);
                }
                throw e;
            }
            return linked(run, key, link.innergyId(), hash, Result.UPDATED);
        }
        Project existing = run.innergyByExternalId.get(in.externalId());
        if (existing != null) {
            if (translator.sameContent(existing, in)) {
                return linked(run, key, existing.id(), hash, Result.UNCHANGED);
            }
            run.writes.editProject(existing.id(), in);
            return linked(run, key, existing.id(), hash, Result.UPDATED);
        }
        try {
            Project created = run.writes.createProject(in);
            run.innergyByExternalId.put(in.externalId(), created);
            return linked(run, key, created.id(), hash, Result.CREATED);
        } catch (InnergyRejectedException e) {
            // A create redelivered after a dropped connection meets the one INNERGY already applied.
            Project applied = e.status() == 400 ? lookUp(run, in.externalId()) : null;
            if (applied == null) {
                throw e;
            }
            LOG.info("project {}: the create was applied before the connection dropped; linked to {}", key, applied.id());
            return linked(run, key, applied.id(), hash, Result.CREATED);
        }
    }

    private Project lookUp(Run run, String externalId) {
        synchronized (run) {
            Project p = run.innergyByExternalId.get(externalId);
            if (p == null) {
                indexInnergyProjects(run);
                p = run.innergyByExternalId.get(externalId);
            }
            return p;
        }
    }

    private static final int LINK_BATCH = 100;

    private void saveLink(Run run, InnergyLinks.Push push) {
        List<InnergyLinks.Push> flush = null;
        synchronized (run.unsaved) {
            run.unsaved.add(push);
            if (run.unsaved.size() >= LINK_BATCH) {
                flush = List.copyOf(run.unsaved);
                run.unsaved.clear();
            }
        }
        if (flush != null) {
            links.saveAll(flush);
        }
    }

    private void flushLinks(Run run) {
        List<InnergyLinks.Push> flush;
        synchronized (run.unsaved) {
            flush = List.copyOf(run.unsaved);
            run.unsaved.clear();
        }
        links.saveAll(flush);
    }

    private Outcome linked(Run run, String key, String innergyId, String hash, Result result) {
        if (run.live) {
            saveLink(run, new InnergyLinks.Push(InnergyLinks.PROJECT, key, innergyId, hash));
            deadLetters.resolve(InnergyLinks.PROJECT, key, run.batchId());
        }
        run.projectLinks.put(key, new InnergyLinks.Link(innergyId, hash));
        return new Outcome(InnergyLinks.PROJECT, key, result, innergyId, null);
    }

    private void pushWorkOrders(Run run, String projectNumber, Outcome project) {
        List<CanonicalWorkOrder> workOrders = run.workOrders.getOrDefault(projectNumber, List.of());
        Map<String, WorkOrder> existing = null;
        for (CanonicalWorkOrder w : workOrders) {
            WorkOrderInput in = translator.workOrder(w);
            String key = w.workOrderNumber();
            String hash = Hashing.sha256(InnergyJson.write(in));
            try {
                InnergyLinks.Link link = run.workOrderLinks.get(key);
                Outcome outcome;
                if (link != null && hash.equals(link.pushedHash())) {
                    outcome = new Outcome(InnergyLinks.WORK_ORDER, key, Result.UNCHANGED, link.innergyId(), null);
                } else if (link != null) {
                    run.writes.editWorkOrder(link.innergyId(), in);
                    outcome = linkWorkOrder(run, key, link.innergyId(), hash, Result.UPDATED);
                } else {
                    if (existing == null) {
                        existing = project.result() == Result.CREATED || !run.online
                                || project.innergyId().startsWith(InnergyWrites.DRY_RUN_ID)
                                ? new HashMap<>() : workOrdersOf(projectNumber);
                    }
                    outcome = createWorkOrder(run, projectNumber, key, in, hash, existing);
                }
                record(run, outcome);
            } catch (InnergyRejectedException e) {
                fail(run, InnergyLinks.WORK_ORDER, key, w, in, e.reason());
            }
        }
    }

    private Outcome createWorkOrder(Run run, String projectNumber, String key, WorkOrderInput in, String hash,
                                    Map<String, WorkOrder> existing) {
        WorkOrder found = existing.get(in.externalIdentifier());
        if (found != null) {
            if (translator.sameContent(found, in)) {
                return linkWorkOrder(run, key, found.id(), hash, Result.UNCHANGED);
            }
            run.writes.editWorkOrder(found.id(), in);
            return linkWorkOrder(run, key, found.id(), hash, Result.UPDATED);
        }
        try {
            WorkOrder created = run.writes.createWorkOrder(projectNumber, in);
            existing.put(in.externalIdentifier(), created);
            return linkWorkOrder(run, key, created.id(), hash, Result.CREATED);
        } catch (InnergyRejectedException e) {
            WorkOrder applied = e.status() == 400 ? workOrdersOf(projectNumber).get(in.externalIdentifier()) : null;
            if (applied == null) {
                throw e;
            }
            return linkWorkOrder(run, key, applied.id(), hash, Result.CREATED);
        }
    }

    private Map<String, WorkOrder> workOrdersOf(String projectNumber) {
        Map<String, WorkOrder> out = new HashMap<>();
        for (WorkOrder w : innergy.client().workOrders(projectNumber).items()) {
            if (w.externalIdentifier() != null) {
                out.put(w.externalIdentifier(), w);
            }
        }
        return out;
    }

    private Outcome linkWorkOrder(Run run, String key, String innergyId, String hash, Result result) {
        if (run.live) {
            saveLink(run, new InnergyLinks.Push(InnergyLinks.WORK_ORDER, key, innergyId, hash));
            deadLetters.resolve(InnergyLinks.WORK_ORDER, key, run.batchId());
        }
        run.workOrderLinks.put(key, new InnergyLinks.Link(innergyId, hash));
        return new Outcome(InnergyLinks.WORK_ORDER, key, result, innergyId, null);
    }

    private void fail(Run run, String entity, String key, Object canonical, Object request, String reason) {
        LOG.info("{} {} not imported: {}", entity, key, reason);
        if (run.live) {
            deadLetters.reject(entity, key, canonical, request, reason, run.batchId());
        }
        record(run, new Outcome(entity, key, Result.FAILED, null, reason));
    }

    private void record(Run run, Outcome outcome) {
        run.outcomes.add(outcome);
        innergy.progress().recordHandled();
    }

    /**
     * Redrives an INNERGY dead letter (route {@code direct:innergy-replay}): its project, or the project
     * of its work order, is pushed again from the canonical store; a material re-runs the sync. Writes
     * follow hub.innergy.mode: in dry-run nothing is sent and the dead letter stays as it is.
     */
    public com.migrationhub.core.ReplayOutcome replay(com.migrationhub.core.DeadLetter letter) {
        if (!innergy.live()) {
            return com.migrationhub.core.ReplayOutcome.rejected(letter.id(), null,
                    "not replayed: hub.innergy.mode is dry-run (set it to live to send writes)");
        }
        String source = letter.sourceFile();
        int colon = source.indexOf(':');
        String entity = colon < 0 ? "" : source.substring(0, colon);
        String key = colon < 0 ? source : source.substring(colon + 1);
        if (entity.equals(InnergyLinks.MATERIAL)) {
            MaterialSyncReport report = innergy.materialSync().sync(null, true, false);
            Long batch = report.batchId();
            boolean stillFailing = report.failed().stream()
                    .anyMatch(f -> key.equals(f.sku()) || ("line-" + f.line()).equals(key));
            return stillFailing ? com.migrationhub.core.ReplayOutcome.rejected(letter.id(), batch, "still refused, see "
                    + report.reportFile()) : com.migrationhub.core.ReplayOutcome.loaded(letter.id(), batch);
        }
        String project = key;
        if (entity.equals(InnergyLinks.WORK_ORDER)) {
            CanonicalWorkOrder w = com.migrationhub.core.Json.mapper().convertValue(readTree(letter.payload()), CanonicalWorkOrder.class);
            project = w.projectNumber();
        }
        Run run = prepare(null, true, project);
        if (run.projects.isEmpty()) {
            finish(run, null);
            return com.migrationhub.core.ReplayOutcome.rejected(letter.id(), run.batchId(),
                    "project " + project + " is no longer in the canonical store");
        }
        push(run, run.projects.get(0));
        finish(run, null);
        Outcome outcome;
        synchronized (run.outcomes) {
            outcome = run.outcomes.stream().filter(o -> o.entity().equals(entity) && o.key().equals(key)).findFirst().orElse(null);
        }
        if (outcome == null || outcome.result() == Result.FAILED) {
            return com.migrationhub.core.ReplayOutcome.rejected(letter.id(), run.batchId(),
                    outcome == null ? entity + " " + key + " is no longer in the canonical store" : outcome.reason());
        }
        return com.migrationhub.core.ReplayOutcome.loaded(letter.id(), run.batchId());
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return com.migrationhub.core.Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("dead-letter payload is not JSON", e);
        }
    }

    /** Each record written (or planned) and each refused, for lineage; an unchanged record was not delivered again. */
    private void recordDeliveries(Run run, List<Outcome> outcomes, Path plan) {
        List<InnergyLinks.Delivery> deliveries = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.result() != Result.UNCHANGED) {
                deliveries.add(new InnergyLinks.Delivery(o.entity(), o.key(), o.result().name().toLowerCase(java.util.Locale.ROOT),
                        o.innergyId(), run.live ? "live" : "dry-run", plan == null ? null : plan.toString(), run.batchId()));
            }
        }
        links.recordDeliveries(deliveries);
    }

    /**
     * Ends the run: ids written into the canonical file, the plan (dry-run), the ledger batch and the
     * report {@code innergy_import_<ts>.md/.json}. {@code abortedBy} is the reason a run stopped early.
     */
    public Map<String, Object> finish(Run run, String abortedBy) {
        flushLinks(run);
        if (run.live && run.file != null) {
            CanonicalReader.writeIds(run.file, run.fileIds);
        }
        Path plan = run.live ? null : run.writes.writePlan(home.outbox().resolve("innergy"), "import-projects", run.stamp);
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        List<Outcome> outcomes;
        synchronized (run.outcomes) {
            outcomes = List.copyOf(run.outcomes);
        }
        for (String entity : List.of(InnergyLinks.PROJECT, InnergyLinks.WORK_ORDER)) {
            Map<String, Long> c = new LinkedHashMap<>();
            for (Result r : Result.values()) {
                c.put(r.name().toLowerCase(java.util.Locale.ROOT),
                        outcomes.stream().filter(o -> o.entity().equals(entity) && o.result() == r).count());
            }
            counts.put(entity.equals(InnergyLinks.PROJECT) ? "projects" : "work_orders", c);
        }
        recordDeliveries(run, outcomes, plan);
        for (Outcome o : outcomes) {
            if (o.result() == Result.FAILED) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("entity", o.entity());
                f.put("key", o.key());
                f.put("reason", o.reason());
                failures.add(f);
            }
        }
        Instant finished = Instant.now();
        long requests = innergy.client().calls() - run.callsBefore;
        Duration took = Duration.between(run.started, finished);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "import-projects");
        report.put("mode", run.live ? "live" : "dry-run");
        report.put("source", run.source());
        report.put("innergy", innergy.client().baseUrl());
        report.put("online", run.online);
        report.put("started", run.started.toString());
        report.put("finished", finished.toString());
        report.put("duration_ms", took.toMillis());
        report.put("projects_found", run.projects.size());
        report.putAll(counts);
        report.put("failures", failures);
        report.put("requests_sent", requests);
        report.put("requests_planned", run.writes.plannedRequests());
        report.put("concurrency", innergy.concurrency());
        report.put("requests_per_second", took.toMillis() == 0 ? null : Math.round(requests * 1000.0 / took.toMillis() * 10) / 10.0);
        report.put("plan_file", plan == null ? null : plan.toString());
        report.put("batch_id", run.batchId());
        report.put("aborted_by", abortedBy);
        if (run.batch != null) {
            long found = outcomes.size();
            long changed = outcomes.stream().filter(o -> o.result() == Result.CREATED || o.result() == Result.UPDATED).count();
            long failed = outcomes.stream().filter(o -> o.result() == Result.FAILED).count();
            run.batch.countFound(found);
            run.batch.countLoaded(changed);
            run.batch.countRejected(failed);
            run.batch.countSkipped(found - changed - failed);
            ledger.close(run.batch, abortedBy == null ? BatchLedger.DONE : BatchLedger.FAILED, abortedBy);
        }
        Path json = InnergyReports.write(home, "innergy_import_" + run.stamp, report, InnergyReports.importMarkdown(report));
        report.put("report", json.toString());
        return report;
    }
}
