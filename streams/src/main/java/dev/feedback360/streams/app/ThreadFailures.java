package dev.feedback360.streams.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What the app does when a stream thread dies. A thread whose transaction the brokers no longer accept (its
 * instance was cut off the network long enough for the group to drop it and the transaction coordinator to abort
 * the transaction: {@link InvalidTxnStateException}, {@link InvalidProducerEpochException} on commit) is replaced:
 * nothing of the aborted transaction counts, its input offsets were not committed, and the new thread rejoins the
 * group with a producer of its own, so exactly-once holds. So is a thread whose transaction's end the brokers answered
 * with an error its producer does not handle (an EndTxn response of UNKNOWN_SERVER_ERROR while a broker restarts:
 * "Unhandled error in EndTxnResponse", seen in a rolling restart on CI, docs/reliability.md): the new producer's
 * initialization makes the transaction coordinator finish that transaction, committed or aborted, before the thread
 * reads its committed offsets, so again nothing counts twice or not at all. Anything else, or more than
 * {@value #MAX_REPLACEMENTS} replacements within {@link #WINDOW}, shuts the app down (the operator sees why; a loop of
 * replacements would hide a broken cluster). Thread-safe: Kafka Streams calls it from dying threads.
 */
final class ThreadFailures {

  static final int MAX_REPLACEMENTS = 3;
  static final Duration WINDOW = Duration.ofMinutes(10);
  /** The Kafka producer's handler of EndTxn responses (kafka-clients 4.4), which raises what it cannot handle. */
  static final String END_TXN_HANDLER = "org.apache.kafka.clients.producer.internals.TransactionManager$EndTxnHandler";

  private final Deque<Instant> replacements = new ArrayDeque<>();

  synchronized StreamThreadExceptionResponse respond(Throwable failure, Instant now) {
    while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(WINDOW))) {
      replacements.removeFirst();
    }
    if (!(abortedTransaction(failure) || unansweredTransactionEnd(failure))
        || replacements.size() >= MAX_REPLACEMENTS) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replacements.addLast(now);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /**
   * Whether the failure is the producer giving up on a transaction's end because the brokers answered EndTxn with an
   * error it does not handle: an exception in the chain raised by the producer's EndTxn response handler. Recognized
   * by where it was raised, not by its text: a failed send surfacing at commit is raised elsewhere, and still stops
   * the app.
   */
  static boolean unansweredTransactionEnd(Throwable failure) {
    return inCauseChain(failure, cause -> {
      StackTraceElement[] frames = cause.getStackTrace();
      return frames.length > 0 && END_TXN_HANDLER.equals(frames[0].getClassName());
    });
  }

  /** Whether the failure is the brokers refusing a transaction they aborted. */
  static boolean abortedTransaction(Throwable failure) {
    return inCauseChain(failure,
        cause -> cause instanceof InvalidTxnStateException || cause instanceof InvalidProducerEpochException);
  }

  /** Whether the failure or one of its first 16 causes is what {@code test} looks for. */
  private static boolean inCauseChain(Throwable failure, Predicate<Throwable> test) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 16; depth++) {
      if (test.test(cause)) {
        return true;
      }
      cause = cause.getCause();
    }
    return false;
  }
}
