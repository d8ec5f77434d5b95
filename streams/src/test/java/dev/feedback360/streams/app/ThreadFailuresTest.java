package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailuresTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  /** What Kafka Streams hands the handler when a commit meets a transaction the coordinator aborted. */
  private static StreamsException abortedCommit() {
    return new StreamsException("Error encountered trying to commit a transaction",
        new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
  }

  @Test
  void shouldReplaceAThreadWhoseTransactionTheBrokersNoLongerAccept() {
    ThreadFailures failures = new ThreadFailures();

    assertThat(failures.respond(abortedCommit(), T0)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(failures.respond(new StreamsException("commit", new InvalidProducerEpochException("bumped")),
        T0.plusSeconds(1))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void shouldShutTheAppDownOnAnyOtherFailure() {
    ThreadFailures failures = new ThreadFailures();

    assertThat(failures.respond(new StreamsException("poison", new IllegalStateException("not exact")), T0))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(failures.respond(new IllegalArgumentException("bug"), T0))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void shouldShutTheAppDownWhenTransactionsKeepBeingAbortedAndReplaceAgainOnceTheWindowHasPassed() {
    ThreadFailures failures = new ThreadFailures();
    for (int i = 0; i < ThreadFailures.MAX_REPLACEMENTS; i++) {
      assertThat(failures.respond(abortedCommit(), T0.plusSeconds(i))).as("replacement %d", i + 1)
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    assertThat(failures.respond(abortedCommit(), T0.plusSeconds(60))).as("one too many within the window")
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(failures.respond(abortedCommit(), T0.plus(ThreadFailures.WINDOW).plus(Duration.ofSeconds(5))))
        .as("the earlier replacements are out of the window").isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }
}
