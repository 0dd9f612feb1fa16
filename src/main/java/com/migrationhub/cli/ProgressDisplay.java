package com.migrationhub.cli;

import com.migrationhub.core.HubSettings;
import com.migrationhub.core.WorkProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A long command's progress on stderr, sampled from the {@link WorkProgress} its batches feed: a bar with rows/s
 * and an ETA (from the bytes read, else the rows) when there is a terminal, a plain line every few seconds
 * otherwise (a log, a pipe, systemd), nothing with {@code --json}. {@code hub.progress} = auto (default), bar,
 * plain or off; {@code hub.progress.interval-ms} sets how often a plain line is written (default 5000).
 */
final class ProgressDisplay implements AutoCloseable {

    private static final ProgressDisplay NONE = new ProgressDisplay(null, null, null, null, null);

    private final String task;
    private final WorkProgress progress;
    private final PrintStream err;
    private final ProgressBar bar;
    private final ScheduledExecutorService ticks;
    private final long startedNanos = System.nanoTime();

    private ProgressDisplay(String task, WorkProgress progress, PrintStream err, ProgressBar bar, ScheduledExecutorService ticks) {
        this.task = task;
        this.progress = progress;
        this.err = err;
        this.bar = bar;
        this.ticks = ticks;
    }

    static ProgressDisplay start(String task, WorkProgress progress, boolean json, HubSettings settings) {
        String mode = settings.get("hub.progress", "auto").strip().toLowerCase(Locale.ROOT);
        if (json || mode.equals("off")) {
            return NONE;
        }
        boolean terminal = mode.equals("bar") || (mode.equals("auto") && System.console() != null);
        PrintStream err = System.err;
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-progress");
            t.setDaemon(true);
            return t;
        });
        WorkProgress.Sample first = progress.sample();
        ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName(task)
                .setInitialMax(first.byBytes() ? first.expectedBytes() : first.expectedRows() > 0 ? first.expectedRows() : -1)
                .setUnit(first.byBytes() ? " MB" : "", first.byBytes() ? 1 << 20 : 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(err)).build() : null;
        ProgressDisplay display = new ProgressDisplay(task, progress, err, bar, ticks);
        long every = terminal ? 200 : Math.max(100, settings.getInt("hub.progress.interval-ms", 5000));
        ticks.scheduleAtFixedRate(display::tick, every, every, TimeUnit.MILLISECONDS);
        return display;
    }

    private synchronized void tick() {
        WorkProgress.Sample s = progress.sample();
        long now = System.nanoTime();
        // the average since the start: chunks land in bursts, so a rate over the last tick would jump about
        long rate = Math.round(s.rows() / Math.max(1e-3, (now - startedNanos) / 1e9));
        if (bar != null) {
            bar.maxHint(s.byBytes() ? s.expectedBytes() : s.expectedRows() > 0 ? s.expectedRows() : -1);
            bar.stepTo(s.byBytes() ? s.bytes() : s.rows());
            bar.setExtraMessage(String.format(Locale.ROOT, " %,d rows, %,d rows/s", s.rows(), rate));
        } else {
            err.println(line(s, rate, now));
            err.flush();
        }
    }

    /** {@code ppak-etl: 43% of 28.0 MB, 86,000 rows, 21,500 rows/s, ETA 0:00:08}. */
    private String line(WorkProgress.Sample s, long rate, long now) {
        StringBuilder line = new StringBuilder(task).append(": ");
        double f = s.fraction();
        if (f >= 0) {
            line.append(String.format(Locale.ROOT, "%.0f%% of %s, ", f * 100, s.byBytes()
                    ? String.format(Locale.ROOT, "%.1f MB", s.expectedBytes() / 1048576.0)
                    : String.format(Locale.ROOT, "%,d rows", s.expectedRows())));
        }
        line.append(String.format(Locale.ROOT, "%,d rows, %,d rows/s", s.rows(), rate));
        eta(f, (now - startedNanos) / 1e9).ifPresent(eta -> line.append(", ETA ").append(eta));
        return line.toString();
    }

    static Optional<String> eta(double fraction, double elapsedSeconds) {
        if (fraction <= 0 || fraction >= 1) {
            return Optional.empty();
        }
        long left = Math.round(elapsedSeconds * (1 - fraction) / fraction);
        return Optional.of(String.format(Locale.ROOT, "%d:%02d:%02d", left / 3600, (left / 60) % 60, left % 60));
    }

    @Override
    public void close() {
        if (ticks == null) {
            return;
        }
        ticks.shutdownNow();
        synchronized (this) {
            WorkProgress.Sample s = progress.sample();
            double seconds = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() / 1000.0;
            if (bar != null) {
                bar.maxHint(Math.max(1, s.byBytes() ? s.bytes() : s.rows()));
                bar.stepTo(s.byBytes() ? s.bytes() : s.rows());
                bar.close();
            } else if (s.rows() == 0 && s.byBytes()) { // bytes alone (a backup streaming files)
                err.println(String.format(Locale.ROOT, "%s: done, %.1f MB in %.1f s", task, s.bytes() / 1048576.0, seconds));
            } else {
                err.println(String.format(Locale.ROOT, "%s: done, %,d rows in %.1f s (%,d rows/s)", task, s.rows(), seconds,
                        Math.round(s.rows() / Math.max(1e-3, seconds))));
                err.flush();
            }
        }
    }

    /** The bytes of the files in {@code dir} whose names pass {@code accepts}: what a one-shot command will read. */
    static long bytesOf(Path dir, Predicate<String> accepts) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> accepts.test(p.getFileName().toString()))
                    .mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
