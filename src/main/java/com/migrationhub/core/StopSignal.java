package com.migrationhub.core;

import java.util.concurrent.CountDownLatch;

/** How a long-running command (the service, the sandbox) waits to be stopped: Ctrl+C, or an interrupt from inside the JVM. */
public final class StopSignal {

    private StopSignal() {
    }

    /** Blocks until the JVM is asked to stop or this thread is interrupted; runs {@code stop} either way, once. */
    public static void await(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "hub-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // stopped from inside the JVM (a test driving the command): the same clean stop as Ctrl+C
            Runtime.getRuntime().removeShutdownHook(hook);
            stop.run();
        }
    }
}
