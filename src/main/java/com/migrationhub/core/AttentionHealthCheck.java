package com.migrationhub.core;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check on {@code /observe/health} that is down while a flow reports something only the operator can
 * settle (stored data that disagrees with its source): the message says what and where to look. Never a liveness
 * check: nothing restarts the service over it. The flow's question is asked at each call.
 */
public final class AttentionHealthCheck extends AbstractHealthCheck {

    private final Supplier<String> problem;

    /** {@code problem} answers null when all is well, else one sentence naming what needs attention. */
    public AttentionHealthCheck(String id, Supplier<String> problem) {
        super("hub", id);
        this.problem = problem;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String found = problem.get();
        if (found == null) {
            builder.up();
        } else {
            builder.message(found).detail("attention", found).down();
        }
    }

    @Override
    public boolean isLiveness() {
        return false;
    }
}
