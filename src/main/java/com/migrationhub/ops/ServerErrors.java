package com.migrationhub.ops;

import com.migrationhub.core.Json;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * A path and method no route serves answers 404 in the API's one shape {@code {"error": "<plain sentence>"}}, instead
 * of the HTTP server's own HTML page (or an empty 405): a handler after every route on the server's router, which
 * the management endpoints ({@code /observe/...}) share.
 */
public final class ServerErrors {

    static final String NOT_SERVED = "nothing is served at this path with this method";

    private ServerErrors() {
    }

    /** On the server of a started context; nothing when HTTP is off. */
    public static void install(CamelContext camel) {
        for (VertxPlatformHttpRouter router : camel.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().last().handler(ctx -> {
                if (!ctx.response().ended()) {
                    ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                            .end(Json.write(Map.of("error", NOT_SERVED)));
                }
            });
        }
    }
}
