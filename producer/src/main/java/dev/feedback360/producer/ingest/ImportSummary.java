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
 *   <li>{@value #EXIT_ACCESS_DENIED}: Kafka refused the client's credentials or its principal lacks an ACL
 *       ({@link AccessDenied}): a configuration error, which re-running the file does not get past;</li>
 *   <li>{@value #EXIT_ROWS_REJECTED}: some rows were rejected (see the rejects file); every other row was sent;</li>
 *   <li>{@value #EXIT_SEND_FAILED}: sending failed (broker unreachable, topic could not be created, a record was
 *       not acknowledged); the import stopped at the first failure, and rows after it were not read. Re-running the
 *       whole file is safe: the topic keeps the latest response per key and resent rows are identical;</li>
 *   <li>{@value #EXIT_FILE_REFUSED}: the file itself was refused (missing, empty, unusable CSV header); nothing was
 *       sent and no rejects file was written.</li>
 * </ul>
 * When several apply, the highest code wins, except that a refused file wins over everything and a refused access
 * over a failed send or rejected rows.
 *
 * @param read rows read (each is sent, rejected, or failed)
 * @param sent rows acknowledged by the broker
 * @param rejected rows rejected by parsing or validation
 * @param failed rows whose send failed
 * @param elapsed wall time of the import
 * @param firstRejections the first {@value #MAX_REJECTIONS_KEPT} rejections, in file order
 * @param refusal why the file was refused, or null
 * @param sendError the first send failure, or null
 * @param accessDenied whether that failure is Kafka refusing the client, and how; or null
 */
public record ImportSummary(long read, long sent, long rejected, long failed, Duration elapsed,
    List<Rejection> firstRejections, String refusal, String sendError, AccessDenied accessDenied) {

  public static final int EXIT_OK = 0;
  public static final int EXIT_ACCESS_DENIED = 1;
  public static final int EXIT_ROWS_REJECTED = 2;
  public static final int EXIT_SEND_FAILED = 3;
  public static final int EXIT_FILE_REFUSED = 4;
  /** How many rejections a summary keeps; all of them are in the rejects file. */
  public static final int MAX_REJECTIONS_KEPT = 10;

  public ImportSummary {
    firstRejections = List.copyOf(firstRejections);
  }

  /** A summary whose send failure, if any, is not Kafka refusing the client. */
  public ImportSummary(long read, long sent, long rejected, long failed, Duration elapsed,
      List<Rejection> firstRejections, String refusal, String sendError) {
    this(read, sent, rejected, failed, elapsed, firstRejections, refusal, sendError, null);
  }

  /** A summary of a refused file. */
  static ImportSummary refused(String refusal, Duration elapsed) {
    return new ImportSummary(0, 0, 0, 0, elapsed, List.of(), refusal, null);
  }

  /** A summary of an import that could not start sending (no broker, topic not created). */
  static ImportSummary notSent(String sendError, AccessDenied accessDenied, Duration elapsed) {
    return new ImportSummary(0, 0, 0, 0, elapsed, List.of(), null, sendError, accessDenied);
  }

  /** The exit code for the command line; see the class documentation. */
  public int exitCode() {
    if (refusal != null) {
      return EXIT_FILE_REFUSED;
    }
    if (sendError != null && accessDenied != null) {
      return EXIT_ACCESS_DENIED;
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

  /** Whether Kafka refused the client (its credentials, or its principal's ACLs), and how. */
  public Optional<AccessDenied> accessRefusal() {
    return sendError == null ? Optional.empty() : Optional.ofNullable(accessDenied);
  }

  /** The first send failure, when sending failed. */
  public Optional<String> sendFailure() {
    return Optional.ofNullable(sendError);
  }
}
