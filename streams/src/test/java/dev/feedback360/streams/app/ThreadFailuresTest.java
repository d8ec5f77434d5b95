package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.RecordTooLargeException;
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

  /**
   * What Kafka Streams hands the handler when the brokers answer a commit's EndTxn with an error the producer does
   * not handle (CI, a rolling restart of the three-broker cluster): the producer's EndTxn handler raised it.
   */
  private static StreamsException unansweredCommit() {
    KafkaException cause = new KafkaException(
        "Unhandled error in EndTxnResponse: The server experienced an unexpected error when processing the request.");
    cause.setStackTrace(new StackTraceElement[] {
        new StackTraceElement(ThreadFailures.END_TXN_HANDLER, "handleResponse", "TransactionManager.java", 1847),
        new StackTraceElement("org.apache.kafka.clients.producer.internals.Sender", "run", "Sender.java", 247)});
    return new StreamsException("Error encountered trying to commit a transaction", cause);
  }

  @Test
  void shouldReplaceAThreadWhoseTransactionsEndTheBrokersAnsweredWithAnErrorItsProducerDoesNotHandle() {
    ThreadFailures failures = new ThreadFailures();

    assertThat(failures.respond(unansweredCommit(), T0)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void shouldNameTheProducersEndTxnHandlerAsKafkaClientsHasIt() throws Exception {
    Class<?> handler = Class.forName(ThreadFailures.END_TXN_HANDLER);

    assertThat(handler.getDeclaredMethod("handleResponse",
        Class.forName("org.apache.kafka.common.requests.AbstractResponse"))).isNotNull();
  }

  @Test
  void shouldShutTheAppDownWhenACommitFailsForAFailedSend() {
    ThreadFailures failures = new ThreadFailures();
    KafkaException inErrorState = new KafkaException("Cannot execute transactional method because we are in an "
        + "error state", new RecordTooLargeException("too large"));

    assertThat(failures.respond(new StreamsException("Error encountered trying to commit a transaction",
        inErrorState), T0)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
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
