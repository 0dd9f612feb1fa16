package com.migrationhub.innergy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * INNERGY's HTTP client keeps at most hub.innergy.concurrency requests on the wire whatever the number of
 * threads calling it, sends the next one as soon as an answer frees a slot, and a request that fails
 * (the server drops the connection) gives its slot back. A real HTTP server holds each request until the
 * test lets it answer and counts how many it holds at once.
 */
class InnergyHttpTest {

    private HttpServer server;
    private final Semaphore answers = new Semaphore(0);
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();
    private final AtomicInteger arrived = new AtomicInteger();
    private String baseUrl;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            arrived.incrementAndGet();
            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
            try {
                answers.acquireUninterruptibly();
                held.decrementAndGet();
                if (exchange.getRequestURI().getPath().startsWith("/drop")) {
                    exchange.close(); // no answer at all: the client sees the connection drop
                    return;
                }
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } finally {
                exchange.close();
            }
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        answers.release(1000);
        server.stop(0);
    }

    private CloseableHttpClient client(InnergyHttp http) {
        HttpClientBuilder builder = HttpClientBuilder.create().setConnectionManager(PoolingHttpClientConnectionManagerBuilder
                .create().setMaxConnPerRoute(20).setMaxConnTotal(20).build()).disableAutomaticRetries();
        http.configureHttpClient(builder);
        return builder.build();
    }

    @Test
    void atMostTheConfiguredRequestsAreOnTheWireAndEachAnswerLetsTheNextOneGo() throws Exception {
        InnergyHttp http = new InnergyHttp(new InnergyApiKey("k", baseUrl), 3);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (CloseableHttpClient client = client(http)) {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(callers.submit(() -> client.execute(new HttpGet(baseUrl + "/api/projects"), r -> {
                    EntityUtils.consume(r.getEntity());
                    return r.getCode();
                })));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> arrived.get() == 3);
            assertThat(http.freeSlots()).isZero();
            assertThat(held.get()).isEqualTo(3);
            answers.release(2); // two answers free two slots: two waiting callers go at once
            await().atMost(Duration.ofSeconds(10)).until(() -> arrived.get() == 5);
            answers.release(6);
            for (Future<Integer> call : calls) {
                assertThat(call.get()).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(arrived.get()).isEqualTo(8);
        assertThat(mostHeld.get()).isEqualTo(3);
        assertThat(http.freeSlots()).isEqualTo(3);
    }

    @Test
    void aRequestThatFailsGivesItsSlotBack() throws Exception {
        InnergyHttp http = new InnergyHttp(new InnergyApiKey("k", baseUrl), 2);
        answers.release(1000);
        try (CloseableHttpClient client = client(http)) {
            for (int i = 0; i < 5; i++) {
                try {
                    client.execute(new HttpGet(baseUrl + "/drop/" + i), r -> r.getCode());
                } catch (IOException expected) {
                    // the connection dropped: what a redelivery would see
                }
                assertThat(http.freeSlots()).isEqualTo(2);
            }
            int status = client.execute(new HttpGet(baseUrl + "/api/projects"), r -> {
                EntityUtils.consume(r.getEntity());
                return r.getCode();
            });
            assertThat(status).isEqualTo(200);
        }
        assertThat(arrived.get()).isEqualTo(6);
        assertThat(http.freeSlots()).isEqualTo(2);
    }
}
