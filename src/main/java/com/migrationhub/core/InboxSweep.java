package com.migrationhub.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox rules every flow's file consumer shares (one bean per inbox, see {@code routes/inbox.camel.yaml}).
 * <ul>
 * <li>Before each poll, what is not a plain file the consumer can take: a symbolic link (to a file or a folder,
 * dangling or not) is never followed, a folder where a flow takes only files is not left lying there, and a name
 * the consumer cannot read back (a {@code \} that Camel takes for a folder separator, bytes that are no text in the
 * platform's encoding) does not lie in the inbox for ever. Each becomes a dead letter with a reason that quotes
 * nothing of what it points to: the entry itself is moved to {@code outbox/dead-letter/<flow>/}, or, in a folder the
 * hub only reads (a foreign export folder), recorded once. The flows' file filters refuse these entries too
 * ({@link #takeable}), so the file consumer never reads through a link or stumbles on such a name.</li>
 * <li>The poison rule ({@link #poisoned}): a file whose processing threw what its flow did not expect goes to the
 * dead letters at once with a plain reason and one WARN, its batch closed; the consumer commits, so it never takes
 * the file again.</li>
 * </ul>
 */
public final class InboxSweep extends DefaultPollingConsumerPollStrategy implements GenericFileFilter<Object> {

    public static final String LINK_REASON = "a symbolic link: the hub never follows links in an inbox "
            + "(copy the file itself into the inbox)";
    private static final Logger LOG = LoggerFactory.getLogger(InboxSweep.class);

    private final String flow;
    private final Path inbox;
    private final String kind;
    private final boolean folders;
    private final boolean moveOut;
    private final FileDeadLetters deadLetters;
    private final BatchLedger ledger;
    private final Set<Path> recorded = new HashSet<>();

    /**
     * @param kind    {@link DeadLetter#FILE} (a file is a batch of rows) or {@link DeadLetter#DOCUMENT} (a file is
     *                one record, counted as found and rejected)
     * @param folders whether folders belong in this inbox (RMOS documents may sit in sub-folders; PPak exports
     *                and run logs lie directly in theirs)
     * @param moveOut whether the inbox is emptied as it is processed (false: a foreign folder, only read)
     */
    public InboxSweep(String flow, String kind, Path inbox, boolean folders, boolean moveOut, FileDeadLetters deadLetters,
                      BatchLedger ledger) {
        this.flow = flow;
        this.kind = kind;
        this.inbox = inbox;
        this.folders = folders;
        this.moveOut = moveOut;
        this.deadLetters = deadLetters;
        this.ledger = ledger;
    }

    /** Never through a link: the file filters ask this of every entry the consumer lists. */
    public static boolean isLink(Path path) {
        return Files.isSymbolicLink(path);
    }

    /** Never through a link: for a file consumer, whatever else it selects. */
    public static boolean isLink(GenericFile<?> file) {
        return isLink(Path.of(file.getAbsoluteFilePath()));
    }

    /**
     * What a file consumer may take, whatever else it selects: no link, and an entry that is where Camel says it is (a
     * name with a {@code \} is split into folders by Camel and would fail on every poll; the sweep dead-letters it).
     */
    public static boolean takeable(GenericFile<?> file) {
        Path path = Path.of(file.getAbsoluteFilePath());
        return !isLink(path) && Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The consumer's filter where a flow has no other: everything it can take but half-copied files. */
    @Override
    public boolean accept(GenericFile<Object> file) {
        String name = file.getFileNameOnly().toLowerCase(java.util.Locale.ROOT);
        return takeable(file) && !name.endsWith(".tmp") && !name.endsWith(".part") && !name.endsWith(".camellock");
    }

    /** A name the file consumer cannot read back, or null: why, without quoting the name. */
    static String unreadableName(Path entry) {
        String name = entry.getFileName().toString();
        if (name.indexOf('\\') >= 0) {
            return "a name with a backslash: the file consumer takes '\\' for a folder separator and cannot read it "
                    + "(rename the file without one and drop it again)";
        }
        try {
            // the walker's path keeps the name's bytes; one rebuilt from its text is what Camel would open
            if (!Files.exists(Path.of(entry.toString()), LinkOption.NOFOLLOW_LINKS) && Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                return "a name that is not text in this system's encoding: the file consumer cannot open it "
                        + "(rename the file and drop it again)";
            }
        } catch (java.nio.file.InvalidPathException e) {
            return "a name the file consumer cannot open (rename the file and drop it again)";
        }
        return null;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        sweep();
        return true;
    }

    /** Dead-letters the links (and misplaced folders) now in the inbox; returns how many. */
    public synchronized int sweep() {
        if (!Files.isDirectory(inbox, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int[] swept = {0};
        try {
            Files.walkFileTree(inbox, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(inbox)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (hidden(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    String unreadable = unreadableName(dir);
                    if (unreadable != null) {
                        swept[0] += reject(dir, unreadable);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!folders) {
                        swept[0] += reject(dir, "a folder, not a file: " + flow + " takes only files lying directly in its inbox");
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (hidden(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String unreadable = unreadableName(file);
                    if (attrs.isSymbolicLink()) {
                        swept[0] += reject(file, LINK_REASON);
                    } else if (unreadable != null) {
                        swept[0] += reject(file, unreadable);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone meanwhile, or unreadable: the consumer reports what it cannot take
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + inbox, e);
        }
        return swept[0];
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private int reject(Path entry, String reason) {
        if (!moveOut && !recorded.add(entry)) {
            return 0;
        }
        String relative = relativeName(entry);
        BatchRun run = ledger.open(flow, relative, null);
        try {
            deadLetters.move(flow, kind, entry, relative, reason, run.id(), moveOut);
        } catch (UncheckedIOException e) {
            LOG.warn("{}: {} cannot be dead-lettered: {}", flow, relative, e.getCause().getMessage());
            ledger.close(run, BatchLedger.FAILED, reason);
            return 0;
        }
        closeRejected(run, reason);
        LOG.warn("batch {}: {} rejected: {}", run.id(), relative, reason);
        return 1;
    }

    /** The entry's path under the inbox, '/' between folders; a '\\' inside a name stays part of the name. */
    private String relativeName(Path entry) {
        StringBuilder out = new StringBuilder();
        for (Path part : inbox.relativize(entry)) {
            out.append(out.length() == 0 ? "" : "/").append(part);
        }
        return out.toString();
    }

    private void closeRejected(BatchRun run, String reason) {
        if (DeadLetter.DOCUMENT.equals(kind)) {
            run.countFound(1);
            run.countRejected(1);
        }
        ledger.close(run, BatchLedger.REJECTED_FILE, reason);
    }

    /**
     * The poison rule, the end of every inbox route: processing {@code file} threw {@code cause}, which its flow did
     * not handle. The file goes to the dead letters now (moved out of an inbox the hub empties, copied from a folder it
     * only reads) with a plain reason; a batch its flow opened for it since {@code since} and left running is marked
     * failed (what it wrote carries its id and can be rolled back), else a batch records the reject. One WARN line
     * names the cause, with its stack trace once; the route then completes, so the consumer never takes the file again.
     */
    public void poisoned(String absolutePath, String relativePath, Exception cause, Date since) {
        Path file = Path.of(absolutePath);
        String relative = relativePath == null || relativePath.isEmpty() ? file.getFileName().toString()
                : relativePath.replace(java.io.File.separatorChar, '/');
        String reason = RejectedFileException.reasonFor(cause);
        List<Long> failed = ledger.failRunning(flow, relative, since == null ? Instant.EPOCH : since.toInstant(), reason);
        BatchRun run = failed.isEmpty() ? ledger.open(flow, relative, null) : null;
        long batchId = run != null ? run.id() : failed.get(failed.size() - 1);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (moveOut) {
                deadLetters.move(flow, kind, file, relative, reason, batchId, true);
            } else {
                deadLetters.reject(flow, kind, file, relative, reason, batchId);
            }
        } else {
            deadLetters.reject(flow, kind, null, relative, reason + " (the file was gone by then)", batchId);
        }
        if (run != null) {
            closeRejected(run, reason);
        }
        LOG.warn("batch {}: {} rejected: {} (unexpected: {})", batchId, relative, reason, cause.getClass().getSimpleName(), cause);
    }
}
