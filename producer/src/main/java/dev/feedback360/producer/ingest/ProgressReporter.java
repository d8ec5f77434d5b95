package dev.feedback360.producer.ingest;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Decides when an import reports progress: every {@value #EVERY_ROWS} rows or after {@link #EVERY}. */
final class ProgressReporter {

  static final int EVERY_ROWS = 10_000;
  static final Duration EVERY = Duration.ofSeconds(2);

  private final ImportListener listener;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private long lastReportNanos;

  ProgressReporter(ImportListener listener, LongSupplier nanoTime) {
    this.listener = listener;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.lastReportNanos = startNanos;
  }

  /** Time since the import started. */
  Duration elapsed() {
    return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
  }

  /** Reports when a report is due after reading row number {@code read}. */
  void rowRead(long read, long sent, long rejected, long failed) {
    long now = nanoTime.getAsLong();
    if (read % EVERY_ROWS == 0 || now - lastReportNanos >= EVERY.toNanos()) {
      lastReportNanos = now;
      listener.onProgress(new ImportProgress(read, sent, rejected, failed, Duration.ofNanos(now - startNanos)));
    }
  }
}
