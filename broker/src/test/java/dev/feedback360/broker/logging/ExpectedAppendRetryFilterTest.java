package dev.feedback360.broker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class ExpectedAppendRetryFilterTest {

  private static final String APPEND_ERROR = "[ReplicaManager broker=1] Error processing append operation on "
      + "partition OV_UBVmjSYSJL5y46FiCew:bench-streams-team-changes-repartition-2";

  private final LoggerContext context = new LoggerContext();
  private final ExpectedAppendRetryFilter filter = new ExpectedAppendRetryFilter();

  @Test
  void shouldDropTheRefusedBatchesBehindANewTransactionsFirstBatch() {
    // Copied from a bench smoke run's log.
    assertThat(outOfOrder("Invalid sequence number for producer 4 at offset 362 in partition "
        + "bench-streams-team-changes-repartition-2: 22 (incoming seq. number). Expected sequence 0 for "
        + "transactions v2 idempotent producer with no existing state.")).isEqualTo(FilterReply.DENY);
  }

  @Test
  void shouldDropABatchRefusedAheadOfRetriedBatchesBeforeIt() {
    // From a clean-clone CI run's demo log: batches 1-4 were being retried when batch 5 arrived.
    assertThat(outOfOrder(againstEnd("feedback360-team-scores-latest-responses-changelog-1", 5, 0)))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void shouldKeepTheNextSequenceAndSequencesAtOrBehindTheEnd() {
    // incoming = end + 1 is in sequence: the broker refusing it would be no retry gap but something else.
    assertThat(outOfOrder(againstEnd("p-0", 1, 0))).isEqualTo(FilterReply.NEUTRAL);
    assertThat(outOfOrder(againstEnd("p-0", 3, 3))).isEqualTo(FilterReply.NEUTRAL);
    assertThat(outOfOrder(againstEnd("p-0", 0, 2))).isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void shouldKeepAnOutOfOrderSequenceAgainstExistingProducerState() {
    // The broker-crash reordering of docs/reliability.md: a real loss of order, worth an operator's attention.
    assertThat(outOfOrder(againstEnd("responses-0", 182, 442))).isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void shouldKeepEveryOtherAppendError() {
    assertThat(filter.decide(event("kafka.server.ReplicaManager", new CorruptRecordException("bad CRC"))))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(event("kafka.server.ReplicaManager", null))).isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void shouldLeaveOtherLoggersAlone() {
    Throwable refused = new OutOfOrderSequenceException("Expected sequence 0 for transactions v2 idempotent "
        + "producer with no existing state.");

    assertThat(filter.decide(event("dev.feedback360.streams.app.TeamScoresApp", refused)))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  /** What the filter decides for the broker's append error with an OutOfOrderSequenceException of that message. */
  private FilterReply outOfOrder(String message) {
    return filter.decide(event("kafka.server.ReplicaManager", new OutOfOrderSequenceException(message)));
  }

  /** The broker's message for a sequence checked against the end of the log (Kafka's ProducerAppendInfo). */
  private static String againstEnd(String partition, int incoming, int end) {
    return "Out of order sequence number for producer 7 at offset 1200 in partition " + partition + ": " + incoming
        + " (incoming seq. number), " + end + " (current end sequence number)";
  }

  private LoggingEvent event(String loggerName, Throwable thrown) {
    Logger logger = context.getLogger(loggerName);
    return new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, APPEND_ERROR, thrown, null);
  }
}
