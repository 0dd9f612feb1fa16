package com.migrationhub.core;

import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;

/**
 * Runs a polling route over the files present and returns once each has been handled: the route is
 * started only after the notifier is listening, so no file can slip past the count.
 */
public final class OneShot {

    private OneShot() {
    }

    /**
     * Notifies once {@code files} files taken by the route are done. Split parts and aggregated batches
     * share the file's route, so they are filtered out: only the file's own exchange counts.
     */
    public static NotifyBuilder filesDone(CamelContext context, String routeId, int files) {
        return new NotifyBuilder(context).fromRoute(routeId)
                .filter(exchange -> exchange.getProperty(org.apache.camel.Exchange.SPLIT_INDEX) == null
                        && exchange.getProperty(org.apache.camel.Exchange.AGGREGATED_SIZE) == null)
                .whenDone(files).create();
    }

    public static boolean drain(CamelContext context, String routeId, int files, Duration timeout) {
        if (files == 0) {
            return true;
        }
        NotifyBuilder done = filesDone(context, routeId, files);
        try {
            context.getRouteController().startRoute(routeId);
            return done.matches(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start route " + routeId + ": " + e.getMessage(), e);
        }
    }
}
