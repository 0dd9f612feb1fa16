package com.migrationhub.ppak;

/**
 * Lets the chunks of one file be translated in parallel yet loaded strictly in file order: a chunk
 * waits for its turn before it writes, and hands the turn on when it is done (also when it failed,
 * so no chunk behind it waits for ever). Loading in order keeps "first at line N" and crash recovery
 * exactly as in a sequential run.
 */
public final class LoadOrder {

    private long next;

    public synchronized void awaitTurn(long sequence) {
        boolean interrupted = false;
        while (sequence > next) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized void done(long sequence) {
        if (sequence >= next) {
            next = sequence + 1;
            notifyAll();
        }
    }
}
