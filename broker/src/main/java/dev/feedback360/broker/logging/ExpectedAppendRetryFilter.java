package dev.feedback360.broker.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A logback filter that drops the broker ERRORs that are expected under exactly-once: batches refused because a
 * batch before them is being retried (docs/reliability.md, "Transactional producers ... log bursts of
 * OUT_OF_ORDER_SEQUENCE_NUMBER retries"). The broker's {@code ReplicaManager} logs each refusal as "Error processing
 * append operation on partition ..." with an {@code OutOfOrderSequenceException}; the producer retries the refused
 * batches in sequence order a few milliseconds later and they are appended in order. Two messages say so:
 *
 * <ul>
 *   <li>"Expected sequence 0 for transactions v2 idempotent producer with no existing state": the batches in flight
 *       behind a new transaction's first batch, which was refused ({@code CONCURRENT_TRANSACTIONS});
 *   <li>"Out of order sequence number ...: 5 (incoming seq. number), 0 (current end sequence number)": a gap, a batch
 *       that arrived before the refused batches between it and the end of the log were retried. The broker appended
 *       nothing out of order; if the batches before it never come, the producer fails them and says so itself.
 * </ul>
 *
 * <p>Every other append error passes, including an out-of-order sequence at or behind the end of the log (incoming
 * 182, current end 442: a re-send after newer batches were appended, the input reordering after a broker crash that
 * docs/reliability.md describes), so a real incident still shows. Configured on an appender:
 * {@code <filter class="dev.feedback360.broker.logging.ExpectedAppendRetryFilter"/>}.
 */
public final class ExpectedAppendRetryFilter extends Filter<ILoggingEvent> {

  static final String LOGGER = "kafka.server.ReplicaManager";
  static final String EXCEPTION = "org.apache.kafka.common.errors.OutOfOrderSequenceException";
  static final String NEW_TRANSACTION = "Expected sequence 0 for transactions v2 idempotent producer with no "
      + "existing state";
  private static final Pattern AGAINST_END =
      Pattern.compile("(\\d{1,10}) \\(incoming seq\\. number\\), (-?\\d{1,10}) \\(current end sequence number\\)");

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (!LOGGER.equals(event.getLoggerName())) {
      return FilterReply.NEUTRAL;
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown == null || !EXCEPTION.equals(thrown.getClassName()) || thrown.getMessage() == null) {
      return FilterReply.NEUTRAL;
    }
    String message = thrown.getMessage();
    return message.contains(NEW_TRANSACTION) || isGap(message) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  /** Whether the refused batch is ahead of the log's end by more than one: batches before it are still to come. */
  private static boolean isGap(String message) {
    Matcher sequences = AGAINST_END.matcher(message);
    if (!sequences.find()) {
      return false;
    }
    long incoming = Long.parseLong(sequences.group(1));
    long end = Long.parseLong(sequences.group(2));
    return end >= 0 && incoming > end + 1;
  }
}
