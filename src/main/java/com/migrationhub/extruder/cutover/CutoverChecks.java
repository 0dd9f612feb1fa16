package com.migrationhub.extruder.cutover;

import com.migrationhub.core.HubConfigurationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cut-over's keyed pre-checks (SPEC §10), in the order the runbook reads them, selectable with {@code --only} and
 * {@code --skip}. The database is probed first: when it cannot be reached every check that needs it is skipped.
 */
public final class CutoverChecks {

    private static final Logger LOG = LoggerFactory.getLogger(CutoverChecks.class);

    private final List<CutoverCheck> checks = List.of(
            new DatabaseChecks.Reachable(), new DatabaseChecks.Version(), new DatabaseChecks.Privileges(), new DatabaseChecks.Schema(),
            new HomeChecks.DiskHome(), new HomeChecks.DiskDb(),
            new PostgresChecks.Wal(), new PostgresChecks.WalRetention(), new PostgresChecks.Replication(),
            new LogChecks.Inventory(), new LogChecks.Estimate(), new HomeChecks.ConfigPresent(), new LogChecks.ClockTimezone(),
            new HomeChecks.InboxWritable(), new HomeChecks.LiveDirReadable(), new HomeChecks.DbWritesFlagCheck());

    /** Every check id, in order. */
    public List<String> ids() {
        return checks.stream().map(CutoverCheck::id).toList();
    }

    /** One run's results and verdict: exit 3 when the database was unreachable, 1 when a check failed, else 0. */
    public record CheckRun(Target target, Instant at, List<CheckResult> results, boolean unreachable) {

        public boolean anyFailed() {
            return results.stream().anyMatch(r -> r.status() == CheckStatus.FAIL);
        }

        public int exitCode() {
            return unreachable ? 3 : anyFailed() ? 1 : 0;
        }

        public CheckResult result(String id) {
            return results.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
        }

        public Map<String, Long> counts() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (CheckStatus s : CheckStatus.values()) {
                out.put(s.label(), results.stream().filter(r -> r.status() == s).count());
            }
            return out;
        }
    }

    public CheckRun run(CheckContext context, Collection<String> only, Collection<String> skip) {
        Set<String> known = Set.copyOf(ids());
        for (String id : Stream.concat(only.stream(), skip.stream()).toList()) {
            if (!known.contains(id)) {
                throw new HubConfigurationException("unknown check id '" + id + "': one of " + String.join(", ", ids()));
            }
        }
        List<CheckResult> results = new ArrayList<>();
        boolean unreachable = false;
        for (CutoverCheck check : checks) {
            String id = check.id();
            if (!only.isEmpty() && !only.contains(id)) {
                results.add(CheckResult.skipped(id, "not selected (--only)"));
                continue;
            }
            if (skip.contains(id)) {
                results.add(CheckResult.skipped(id, "not selected (--skip)"));
                continue;
            }
            if (check.needsDatabase() && !reachable(context)) {
                unreachable = true;
                results.add(CheckResult.skipped(id, "the database is unreachable (db.reachable)"));
                continue;
            }
            CheckResult r = runOne(check, context);
            if (id.equals("db.reachable") && r.status() == CheckStatus.FAIL && context.unreachable() != null) {
                unreachable = true;
            }
            results.add(r);
        }
        return new CheckRun(context.target(), Instant.now(), results, unreachable);
    }

    private static boolean reachable(CheckContext context) {
        try {
            context.connection();
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static CheckResult runOne(CutoverCheck check, CheckContext context) {
        try {
            return check.run(context);
        } catch (Exception e) {
            LOG.info("cutover check {} failed unexpectedly", check.id(), e);
            return CheckResult.fail(check.id(), Map.of("error", String.valueOf(e.getMessage())),
                    "the check itself failed: logs/hub.log has the details");
        }
    }
}
