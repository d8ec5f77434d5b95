package dev.feedback360.producer.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counts of one run that sends the rows of a file (an import, a file of withdrawals): rows read and rejected,
 * records sent and failed (updated by producer callbacks on the producer's I/O thread), the first rejections and the
 * first failure.
 */
final class SendTally {

  private static final Logger LOG = LoggerFactory.getLogger(SendTally.class);

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final List<Rejection> firstRejections = new ArrayList<>();
  private long read;
  private long rejected;

  /** True once a send failed: the run stops reading. */
  boolean failing() {
    return firstFailure.get() != null;
  }

  void rowRead() {
    read++;
  }

  void report(ProgressReporter progress) {
    progress.rowRead(read, sent.get(), rejected, failed.get());
  }

  /** The callback of one send. */
  Callback callback() {
    return (metadata, exception) -> acknowledged(exception);
  }

  /** Counts one send as acknowledged ({@code exception} null) or failed. */
  void acknowledged(Exception exception) {
    if (exception == null) {
      sent.incrementAndGet();
    } else {
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, exception);
    }
  }

  /**
   * Counts a rejected row and writes it to the rejects file.
   *
   * @param sourceText the row as read, or null where it must not be repeated (it holds raw ids)
   */
  void reject(long line, String reason, String sourceText, RejectsFile rejects) throws IOException {
    rejected++;
    rejects.write(line, reason, sourceText);
    if (firstRejections.size() < ImportSummary.MAX_REJECTIONS_KEPT) {
      firstRejections.add(new Rejection(line, reason));
    }
    LOG.debug("Line {} rejected: {}", line, reason);
  }

  /** Logs the first failure, if any, once every acknowledgement is in. */
  void logFailure(String what) {
    Exception failure = firstFailure.get();
    if (failure != null) {
      LOG.error("{} failed after {} rows read and stopped there: {}", what, read, failure.getMessage());
    }
  }

  ImportSummary summary(Duration elapsed) {
    Exception failure = firstFailure.get();
    return new ImportSummary(read, sent.get(), rejected, failed.get(), elapsed, firstRejections, null,
        failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage(),
        AccessDenied.of(failure));
  }
}
