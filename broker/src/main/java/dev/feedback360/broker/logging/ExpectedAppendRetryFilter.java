package dev.feedback360.broker.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * A logback filter that drops the one broker ERROR that is expected under exactly-once: the in-flight batches of a
 * new transaction refused while its first batch is retried (docs/reliability.md, "Transactional producers ... log
 * bursts of OUT_OF_ORDER_SEQUENCE_NUMBER retries"). The broker's {@code ReplicaManager} logs each refusal as
 * "Error processing append operation on partition ..." with an {@code OutOfOrderSequenceException} whose message
 * says it expected sequence 0 from a transactions-v2 producer with no state yet; the producer retries the batches a
 * few milliseconds later and they are appended in order.
 *
 * <p>Every other append error passes, including an out-of-order sequence against existing producer state (the
 * input reordering after a broker crash that docs/reliability.md describes), so a real incident still shows.
 * Configured on an appender: {@code <filter class="dev.feedback360.broker.logging.ExpectedAppendRetryFilter"/>}.
 */
public final class ExpectedAppendRetryFilter extends Filter<ILoggingEvent> {

  static final String LOGGER = "kafka.server.ReplicaManager";
  static final String EXCEPTION = "org.apache.kafka.common.errors.OutOfOrderSequenceException";
  static final String NEW_TRANSACTION = "Expected sequence 0 for transactions v2 idempotent producer with no "
      + "existing state";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (!LOGGER.equals(event.getLoggerName())) {
      return FilterReply.NEUTRAL;
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    boolean expected = thrown != null && EXCEPTION.equals(thrown.getClassName()) && thrown.getMessage() != null
        && thrown.getMessage().contains(NEW_TRANSACTION);
    return expected ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
