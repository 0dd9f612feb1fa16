package com.migrationhub.core;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Names the instance that answers {@code /observe/health} ({@code hub.instance.id}): behind a load balancer, or with
 * several instances on one PostgreSQL, the answer says which one it is: a check named {@code instance:<id>} (with
 * {@code camel.health.exposure-level=full}, the shipped default, every check is listed). Always up.
 */
public final class InstanceHealthCheck extends AbstractHealthCheck {

    private final String instance;

    public InstanceHealthCheck(String instance) {
        super("hub", "instance:" + instance);
        this.instance = instance;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("instance", instance).up();
    }

    @Override
    public boolean isLiveness() {
        return true;
    }
}
