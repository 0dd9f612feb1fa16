package com.migrationhub.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox rule for what is not a plain file, run before each poll of a flow's file consumer: a symbolic link
 * (to a file or a folder, dangling or not) is never followed, and a folder where a flow takes only files is not
 * left lying there. Each becomes a dead letter with a reason that quotes nothing of what it points to: the link
 * itself (or the folder) is moved to {@code outbox/dead-letter/<flow>/}, or, in a folder the hub only reads
 * (a foreign export folder), recorded once. The flows' file filters refuse links too, so the file consumer
 * never reads through one or descends into a linked folder.
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

    /** The consumer's filter where a flow has no other: everything but links. */
    @Override
    public boolean accept(GenericFile<Object> file) {
        return !isLink(file);
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
                    if (!folders) {
                        swept[0] += reject(dir, "a folder, not a file: " + flow + " takes only files lying directly in its inbox");
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isSymbolicLink() && !hidden(file)) {
                        swept[0] += reject(file, LINK_REASON);
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
        String relative = inbox.relativize(entry).toString().replace('\\', '/');
        BatchRun run = ledger.open(flow, relative, null);
        try {
            deadLetters.move(flow, kind, entry, relative, reason, run.id(), moveOut);
        } catch (UncheckedIOException e) {
            LOG.warn("{}: {} cannot be dead-lettered: {}", flow, relative, e.getCause().getMessage());
            ledger.close(run, BatchLedger.FAILED, reason);
            return 0;
        }
        if (DeadLetter.DOCUMENT.equals(kind)) {
            run.countFound(1);
            run.countRejected(1);
        }
        ledger.close(run, BatchLedger.REJECTED_FILE, reason);
        LOG.warn("batch {}: {} rejected: {}", run.id(), relative, reason);
        return 1;
    }
}
