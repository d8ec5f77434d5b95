package dev.feedback360.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

  private static final List<TopicPartition> PARTITIONS =
      List.of(new TopicPartition("survey-responses", 0), new TopicPartition("survey-responses", 1));

  @Test
  void shouldAskAgainWhileALeaderDoesNotHostItsNewPartitionYet() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    TopicProvisioner.LeaderProbe probe = () -> {
      switch (attempts.incrementAndGet()) {
        case 1 -> throw new ExecutionException(new UnknownTopicOrPartitionException("not in the metadata yet"));
        case 2 -> throw new ExecutionException(new NotLeaderOrFollowerException("log not created yet"));
        default -> {}
      }
    };

    TopicProvisioner.awaitLeaders(probe, PARTITIONS, deadlineIn(Duration.ofSeconds(30)));

    assertThat(attempts).hasValue(3);
  }

  @Test
  void shouldNameThePartitionsAndTheLastAnswerWhenTheLeadersAreNotReadyInTime() {
    TopicProvisioner.LeaderProbe neverReady = () -> {
      throw new ExecutionException(new NotLeaderOrFollowerException("log not created yet"));
    };

    assertThatThrownBy(() -> TopicProvisioner.awaitLeaders(neverReady, PARTITIONS, deadlineIn(Duration.ZERO)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("[survey-responses-0, survey-responses-1]")
        .hasMessageContaining("log not created yet")
        .hasRootCauseInstanceOf(NotLeaderOrFollowerException.class);
  }

  @Test
  void shouldNotWaitOutAnErrorThatWaitingDoesNotCure() {
    AtomicInteger attempts = new AtomicInteger();
    TopicProvisioner.LeaderProbe denied = () -> {
      attempts.incrementAndGet();
      throw new ExecutionException(new TopicAuthorizationException("not allowed to describe survey-responses"));
    };

    assertThatThrownBy(() -> TopicProvisioner.awaitLeaders(denied, PARTITIONS, deadlineIn(Duration.ofSeconds(30))))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void shouldNotProbeWhenNoPartitionWasCreated() throws Exception {
    AtomicInteger attempts = new AtomicInteger();

    TopicProvisioner.awaitLeaders(attempts::incrementAndGet, List.of(), deadlineIn(Duration.ofSeconds(30)));

    assertThat(attempts).hasValue(0);
  }

  private static long deadlineIn(Duration duration) {
    return System.nanoTime() + duration.toNanos();
  }

  @Test
  void shouldSayATimeoutCreatingTopicsTimedOutWithoutPrintingItsNullMessage() {
    String message = TopicProvisioner.timedOutCreating(List.of("survey-responses"), Duration.ofSeconds(60),
        new TimeoutException());

    assertThat(message).isEqualTo("Timed out after 60 s creating topics [survey-responses] (no answer from Kafka); "
        + "is a broker running at the bootstrap servers?");
  }
}
