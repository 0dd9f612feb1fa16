package com.migrationhub.innergy;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Camel's HTTP client for INNERGY: the key ({@link InnergyApiKey}) and at most
 * {@code hub.innergy.concurrency} requests on the wire. The limit is held around the transport only —
 * from writing a request to reading its answer's head — so a worker builds its next request, parses
 * an answer and records a link while another worker's request holds the slot: INNERGY sees the
 * configured number of requests in flight, back to back, and never more (bench/innergy: the time a
 * worker spent outside the socket was a quarter of each cycle).
 */
public final class InnergyHttp implements HttpClientConfigurer {

    private final InnergyApiKey key;
    private final Semaphore onTheWire;

    public InnergyHttp(InnergyApiKey key, int concurrency) {
        this.key = key;
        this.onTheWire = new Semaphore(Math.max(1, concurrency));
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        key.configureHttpClient(builder);
        // after the connection is leased (CONNECT), around sending the request and reading the answer's head
        builder.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "innergy-in-flight", (request, scope, chain) -> {
            try {
                onTheWire.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a free INNERGY request slot");
            }
            try {
                return chain.proceed(request, scope);
            } finally {
                onTheWire.release();
            }
        });
    }

    /** Slots free now (all of them when nothing is in flight): for tests. */
    int freeSlots() {
        return onTheWire.availablePermits();
    }

    @Override
    public String toString() {
        return "InnergyHttp[" + key + "]";
    }
}
