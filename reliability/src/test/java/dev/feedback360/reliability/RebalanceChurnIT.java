package dev.feedback360.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.reliability.harness.InputFeeder;
import dev.feedback360.reliability.harness.Scenario;
import dev.feedback360.reliability.harness.ScenarioSize;
import dev.feedback360.reliability.harness.Verdict;
import dev.feedback360.reliability.harness.Workload;
import dev.feedback360.testkit.EmbeddedBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 2, rebalance churn: instances join and leave (1 -> 2 -> 3 -> 2 -> 1; the soak variant goes round
 * twice) while input flows, with the default exactly-once commit interval; tasks and their state move between
 * processes at every step.
 */
class RebalanceChurnIT {

  private static final Map<String, String> SETTINGS = Map.of(
      "consumer.session.timeout.ms", "10000",
      "consumer.heartbeat.interval.ms", "2000",
      "consumer.max.poll.interval.ms", "30000");

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @Test
  void shouldCountEveryResponseExactlyOnceWhileInstancesScaleOneTwoThreeTwoOne() {
    ScenarioSize size = ScenarioSize.current();
    Workload workload = Workload.generate(4_402L, size.records(), Instant.now());
    // Each step: which instance starts (+) or stops cleanly (-), and how many members the group then has.
    List<String> steps = size.soak()
        ? List.of("+b", "+c", "-c", "-b", "+b", "+c", "-c", "-b")
        : List.of("+b", "+c", "-c", "-b");
    try (Scenario scenario = Scenario.create("rebalance-churn", BROKER.bootstrapServers(), SETTINGS)) {
      scenario.createTopics();
      scenario.instances().start("a");
      scenario.awaitRunning("a");
      scenario.awaitGroupMembers(1);
      InputFeeder feeder = scenario.feed(workload.records(), size.feedDuration());
      int members = 1;
      for (int i = 0; i < steps.size(); i++) {
        double at = (double) (i + 1) / (steps.size() + 1);
        await("input " + Math.round(at * 100) + "% produced").atMost(size.deadline())
            .pollInterval(Duration.ofMillis(100))
            .until(() -> feeder.progress() >= at);
        String step = steps.get(i);
        String instance = step.substring(1);
        if (step.startsWith("+")) {
          scenario.instances().start(instance);
          members++;
        } else {
          scenario.instances().get(instance).terminate();
          members--;
        }
        scenario.awaitGroupMembers(members);
      }

      Verdict verdict = scenario.finish(workload, size, "instances 1 -> " + String.join(" ", steps)
          .replace("+b", "2").replace("+c", "3").replace("-c", "2").replace("-b", "1")
          .replace(" ", " -> ") + " (SIGTERM to scale down), exactly_once_v2");

      assertThat(verdict.problems()).as(verdict.summary()).isEmpty();
    }
  }
}
