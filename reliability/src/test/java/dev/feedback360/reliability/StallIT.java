package dev.feedback360.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.reliability.harness.InputFeeder;
import dev.feedback360.reliability.harness.ManagedProcess;
import dev.feedback360.reliability.harness.Scenario;
import dev.feedback360.reliability.harness.ScenarioSize;
import dev.feedback360.reliability.harness.Verdict;
import dev.feedback360.reliability.harness.Workload;
import dev.feedback360.testkit.EmbeddedBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 4, stall: one of two instances is frozen with SIGSTOP (a long GC pause, a hung VM) for longer than its
 * session timeout and poll interval, so the group hands its tasks to the other instance, then resumed with
 * SIGCONT. The resumed zombie still believes it owns its tasks and holds an open transaction; it must be fenced
 * and rejoin, and nothing it had in flight may reach read_committed readers.
 */
class StallIT {

  /** Low timeouts so that a stall of a few seconds is "past the poll interval". */
  private static final Map<String, String> LOW_TIMEOUTS = Map.of(
      "commit.interval.ms", "2000",
      "consumer.session.timeout.ms", "6000",
      "consumer.heartbeat.interval.ms", "1500",
      "consumer.max.poll.interval.ms", "10000",
      "producer.transaction.timeout.ms", "10000");

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @Test
  void shouldFenceAStalledInstanceInsteadOfLettingItWriteStaleResults() {
    ScenarioSize size = ScenarioSize.current();
    Workload workload = Workload.generate(4_404L, size.records(), Instant.now());
    int stalls = size.soak() ? 4 : 1;
    try (Scenario scenario = Scenario.create("stall", BROKER.bootstrapServers(), LOW_TIMEOUTS)) {
      scenario.createTopics();
      scenario.instances().start("a");
      scenario.instances().start("b");
      scenario.awaitRunning("a", "b");
      scenario.awaitGroupMembers(2);
      InputFeeder feeder = scenario.feed(workload.records(), size.feedDuration());
      int inTransaction = 0;
      int fenced = 0;
      for (int stall = 1; stall <= stalls; stall++) {
        double at = (double) stall / (stalls + 1);
        await("input " + Math.round(at * 100) + "% produced").atMost(size.deadline())
            .pollInterval(Duration.ofMillis(100))
            .until(() -> feeder.progress() >= at);
        if (scenario.awaitOpenTransaction(Duration.ofSeconds(15))) {
          inTransaction++;
        }
        ManagedProcess zombie = scenario.instances().get("b");
        int logBefore = zombie.output().length();
        zombie.pause();
        // Frozen past session.timeout.ms: the group drops it and gives its tasks to instance a.
        scenario.awaitGroupMembers(1);
        zombie.resume();
        await("the resumed instance to notice it was fenced out of the group").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> fencingEvidence(zombie.output().substring(logBefore)));
        fenced++;
        scenario.awaitGroupMembers(2);
      }

      Verdict verdict = scenario.finish(workload, size, stalls + " x SIGSTOP of 1 of 2 instances past "
          + "session.timeout.ms=6000 (" + inTransaction + " with a transaction seen open), SIGCONT; " + fenced
          + " fenced and rejoined; exactly_once_v2");

      assertThat(fenced).isEqualTo(stalls);
      assertThat(verdict.problems()).as(verdict.summary()).isEmpty();
    }
  }

  /**
   * What Kafka Streams logs when a thread finds that it was fenced: "Detected that the thread is being fenced. This
   * implies that this thread missed a rebalance and dropped out of the consumer group", with a
   * TaskMigratedException (for example "Producer got fenced trying to add offsets to a transaction"). Or, when the
   * freeze outlasted the transaction timeout as well (a loaded machine takes longer to drop the member), what the app
   * logs when the brokers had aborted the thread's transaction and it replaces the thread
   * ({@code InvalidTxnStateException} on its commit, docs/reliability.md).
   */
  private static boolean fencingEvidence(String log) {
    return log.contains("Detected that the thread is being fenced") || log.contains("TaskMigratedException")
        || log.contains("A stream thread's transaction was aborted by the brokers");
  }
}
