package com.migrationhub.extruder.cutover;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pre-check's result: its stable id, its status, the evidence it saw (numbers, settings, versions) and, when not
 * {@code pass}, the fix in one sentence.
 */
public record CheckResult(String id, CheckStatus status, Map<String, Object> evidence, String fix) {

    public static CheckResult pass(String id, Map<String, Object> evidence) {
        return new CheckResult(id, CheckStatus.PASS, evidence, null);
    }

    public static CheckResult warn(String id, Map<String, Object> evidence, String fix) {
        return new CheckResult(id, CheckStatus.WARN, evidence, fix);
    }

    public static CheckResult fail(String id, Map<String, Object> evidence, String fix) {
        return new CheckResult(id, CheckStatus.FAIL, evidence, fix);
    }

    public static CheckResult skipped(String id, String why) {
        return new CheckResult(id, CheckStatus.SKIPPED, Map.of("reason", why), null);
    }

    /** {@code pass} or the given status: a check whose finding matters more on production than on staging. */
    public static CheckResult of(String id, boolean ok, CheckStatus otherwise, Map<String, Object> evidence, String fix) {
        return ok ? pass(id, evidence) : new CheckResult(id, otherwise, evidence, fix);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", status.label());
        m.put("evidence", evidence);
        m.put("fix", fix);
        return m;
    }
}
