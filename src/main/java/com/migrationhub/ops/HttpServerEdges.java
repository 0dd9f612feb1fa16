package com.migrationhub.ops;

import com.migrationhub.core.Json;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * What the HTTP server answers outside the routes, kept to the rules of the routes: Camel's management endpoints
 * ({@code /observe/...}, on the same server) pass the same {@link RequestGuard} first, so a rebinding page reads no
 * health or metrics either; and a path and method no route serves answers 404 in the one shape
 * {@code {"error": "<plain sentence>"}} instead of the server's HTML page (or an empty 405).
 */
public final class HttpServerEdges {

    static final String NOT_SERVED = "nothing is served at this path with this method";

    private HttpServerEdges() {
    }

    /** On the server of a started context; nothing when HTTP is off. */
    public static void install(CamelContext camel, RequestGuard guard) {
        for (VertxPlatformHttpRouter router : camel.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route("/observe/*").order(-1).handler(ctx -> {
                HttpServerRequest request = ctx.request();
                try {
                    guard.check(new RequestGuard.Request(request.method().name(), RequestGuard.host(request), request.query(),
                            request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"), request.getHeader("Authorization"),
                            request.getHeader("Content-Type"), false));
                } catch (RequestRefusedException e) {
                    answer(ctx, e.status(), e.getMessage());
                    return;
                } catch (IllegalArgumentException e) {
                    answer(ctx, 400, e.getMessage());
                    return;
                }
                ctx.next();
            });
            router.route().last().handler(ctx -> answer(ctx, 404, NOT_SERVED));
        }
    }

    private static void answer(RoutingContext ctx, int status, String sentence) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(Json.write(Map.of("error", sentence)));
        }
    }
}
