package dev.feedback360.producer.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of importing one file, with the process exit code the command line should use.
 *
 * <p>Exit codes:
 * <ul>
 *   <li>{@value #EXIT_OK}: every row was sent and acknowledged;</li>
 *   <li>{@value #EXIT_ROWS_REJECTED}: some rows were rejected (see the rejects file); every other row was sent;</li>
 *   <li>{@value #EXIT_SEND_FAILED}: sending failed (broker unreachable, topic could not be created, a record was
 *       not acknowledged); the import stopped at the first failure, and rows after it were not read. Re-running the
 *       whole file is safe: the topic keeps the latest response per key and resent rows are identical;</li>
 *   <li>{@value #EXIT_FILE_REFUSED}: the file itself was refused (missing, empty, unusable CSV header); nothing was
 *       sent and no rejects file was written.</li>
 * </ul>
 * When several apply, the highest code wins.
 *
 * @param read rows read (each is sent, rejected, or failed)
 * @param sent rows acknowledged by the broker
 * @param rejected rows rejected by parsing or validation
 * @param failed rows whose send failed
 * @param elapsed wall time of the import
 * @param firstRejections the first {@value #MAX_REJECTIONS_KEPT} rejections, in file order
 * @param refusal why the file was refused, or null
 * @param sendError the first send failure, or null
 */
public record ImportSummary(long read, long sent, long rejected, long failed, Duration elapsed,
    List<Rejection> firstRejections, String refusal, String sendError) {

  public static final int EXIT_OK = 0;
  public static final int EXIT_ROWS_REJECTED = 2;
  public static final int EXIT_SEND_FAILED = 3;
  public static final int EXIT_FILE_REFUSED = 4;
  /** How many rejections a summary keeps; all of them are in the rejects file. */
  public static final int MAX_REJECTIONS_KEPT = 10;

  public ImportSummary {
    firstRejections = List.copyOf(firstRejections);
  }

  /** A summary of a refused file. */
  static ImportSummary refused(String refusal, Duration elapsed) {
    return new ImportSummary(0, 0, 0, 0, elapsed, List.of(), refusal, null);
  }

  /** A summary of an import that could not start sending (no broker, topic not created). */
  static ImportSummary notSent(String sendError, Duration elapsed) {
    return new ImportSummary(0, 0, 0, 0, elapsed, List.of(), null, sendError);
  }

  /** The exit code for the command line; see the class documentation. */
  public int exitCode() {
    if (refusal != null) {
      return EXIT_FILE_REFUSED;
    }
    if (sendError != null || failed > 0) {
      return EXIT_SEND_FAILED;
    }
    return rejected > 0 ? EXIT_ROWS_REJECTED : EXIT_OK;
  }

  /** Rows acknowledged per second of elapsed time; 0 when no time elapsed. */
  public double ratePerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? sent / seconds : 0;
  }

  /** Why the file was refused, when it was. */
  public Optional<String> refusalReason() {
    return Optional.ofNullable(refusal);
  }

  /** The first send failure, when sending failed. */
  public Optional<String> sendFailure() {
    return Optional.ofNullable(sendError);
  }
}
