package com.migrationhub.core;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Readiness of the inboxes, in place of Camel's consumer checks (which report DOWN "Consumer has not yet polled"
 * for the whole of a first poll, however long the backlog it is working through): an inbox whose first poll is
 * still running is busy, which is up; one whose polls fail is down. Liveness is Camel's own (the context and its
 * routes started): a long first poll never makes a liveness probe restart the service.
 */
public final class InboxHealth extends AbstractHealthCheck implements CamelContextAware {

    private CamelContext context;

    public InboxHealth() {
        super("camel", "inboxes");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        if (context == null) {
            return;
        }
        for (Route route : context.getRoutes()) {
            if (!(route.getConsumer() instanceof ScheduledPollConsumer consumer)
                    || !context.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                continue;
            }
            if (consumer.getErrorCounter() > 0) {
                builder.down();
                builder.detail(route.getRouteId(), "failing");
                builder.message("inbox of route " + route.getRouteId() + " failed polling " + consumer.getErrorCounter() + " times");
            } else {
                builder.detail(route.getRouteId(), consumer.isFirstPollDone() ? "polling" : "busy");
            }
        }
    }
}
