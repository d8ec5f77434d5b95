package dev.feedback360.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.reliability.harness.BrokerProcess;
import dev.feedback360.reliability.harness.InputFeeder;
import dev.feedback360.reliability.harness.ManagedProcess;
import dev.feedback360.reliability.harness.Scenario;
import dev.feedback360.reliability.harness.ScenarioSize;
import dev.feedback360.reliability.harness.Verdict;
import dev.feedback360.reliability.harness.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3, the broker fails: the broker runs in its own JVM and is restarted cleanly (SIGTERM) and after a
 * crash (SIGKILL) while two streams instances and the input producer keep running; and the app is started while
 * the broker is down.
 */
class BrokerFailureIT {

  private static final Map<String, String> SETTINGS = Map.of(
      "consumer.session.timeout.ms", "10000",
      "consumer.heartbeat.interval.ms", "2000",
      "consumer.max.poll.interval.ms", "30000");

  @Test
  void shouldCountEveryResponseExactlyOnceAcrossACleanAndAKilledBrokerRestart() {
    ScenarioSize size = ScenarioSize.current();
    Workload workload = Workload.generate(4_403L, size.records(), Instant.now());
    // Each step restarts the broker: "stop" = SIGTERM (clean), "kill" = SIGKILL (crash).
    List<String> restarts = size.soak()
        ? List.of("stop", "kill", "kill", "stop", "kill", "kill")
        : List.of("stop", "kill");
    try (BrokerProcess broker = BrokerProcess.on(Scenario.baseDir().resolve("broker-" + System.nanoTime()))) {
      broker.start();
      try (Scenario scenario = Scenario.create("broker-restart", broker.bootstrapServers(), SETTINGS)) {
        scenario.createTopics();
        scenario.instances().start("a");
        scenario.instances().start("b");
        scenario.awaitRunning("a", "b");
        InputFeeder feeder = scenario.feed(workload.records(), size.feedDuration());
        for (int i = 0; i < restarts.size(); i++) {
          double at = (double) (i + 1) / (restarts.size() + 1);
          await("input " + Math.round(at * 100) + "% produced").atMost(size.deadline())
              .pollInterval(Duration.ofMillis(100))
              .until(() -> feeder.progress() >= at);
          if (restarts.get(i).equals("stop")) {
            broker.stop();
          } else {
            broker.kill();
          }
          broker.start();
        }
        scenario.awaitInputAcknowledged(size);
        assertThat(List.of("a", "b")).as("instances that survived every broker restart")
            .allMatch(instance -> scenario.instances().get(instance).isAlive());

        Verdict verdict = scenario.finish(workload, size, "broker restarted " + restarts.size() + " x ("
            + String.join(", ", restarts).replace("stop", "SIGTERM").replace("kill", "kill -9")
            + ") under 2 running instances and the producer; exactly_once_v2");

        assertThat(verdict.problems()).as(verdict.summary()).isEmpty();
      }
    }
  }

  @Test
  void shouldStartProcessingOnceABrokerThatWasDownComesUp() {
    ScenarioSize size = ScenarioSize.current();
    // Input is produced only after the restart: an idempotent producer that was the first client of a fresh
    // broker process was seen to loop on OutOfOrderSequenceException (docs/reliability.md).
    Workload workload = Workload.generate(4_405L, size.records() / 2, Instant.now());
    List<Workload.InputRecord> records = workload.records();
    try (BrokerProcess broker = BrokerProcess.on(Scenario.baseDir().resolve("broker-" + System.nanoTime()))) {
      broker.start();
      try (Scenario scenario = Scenario.create("app-starts-broker-down", broker.bootstrapServers(), SETTINGS)) {
        scenario.createTopics();
        broker.stop();

        ManagedProcess app = scenario.instances().start("a");
        await("the app to try the broker that is down").atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> app.output().contains("Checking topics at"));
        broker.start();
        scenario.awaitRunning("a");
        scenario.feed(records, Duration.ofSeconds(10));

        Verdict verdict = scenario.finish(workload, size,
            "app started while the broker was down, broker started after, input sent once it ran; exactly_once_v2");

        assertThat(verdict.problems()).as(verdict.summary()).isEmpty();
      }
    }
  }
}
