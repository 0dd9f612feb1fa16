package com.migrationhub.extruder;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Shows the runbook's lever on {@code /observe/health}: the check {@code extruder:db-writes}, always up (writes off is
 * a decision, not a fault), with {@code db_writes} on or off and where the value comes from.
 */
public final class DbWritesHealthCheck extends AbstractHealthCheck {

    private final DbWritesFlag flag;

    public DbWritesHealthCheck(DbWritesFlag flag) {
        super("extruder", "extruder:db-writes");
        this.flag = flag;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("db_writes", flag.getAsBoolean() ? "on" : "off").detail("source", flag.source()).up();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }
}
