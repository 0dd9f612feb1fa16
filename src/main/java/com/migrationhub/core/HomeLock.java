package com.migrationhub.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One service per home while its ledger is SQLite: {@code data/hub.lock}, held (an OS file lock, released by the
 * kernel when the process dies, even by {@code kill -9}) for as long as {@code ./hub run} lives. A second service on
 * the same home is refused instead of racing the first for the same files and database.
 */
public final class HomeLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static HomeLock acquire(Path data, String instance) {
        Path file = data.resolve("hub.lock");
        try {
            Files.createDirectories(data);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
                channel.close();
                throw new HubConfigurationException("another hub service already runs on this home (" + (holder.isEmpty() ? file : holder)
                        + "): with the embedded SQLite database one service per home; several instances need PostgreSQL "
                        + "(docs/SCALE_OUT.md)");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(("instance " + instance).getBytes(StandardCharsets.UTF_8)), 0);
            return new HomeLock(channel, lock);
        } catch (IOException e) {
            throw new HubConfigurationException("cannot lock " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending: the kernel releases the lock anyway
        }
    }
}
