package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * While an instance restores its state from the changelogs it still answers what the team published, from the
 * committed {@code team-scores-json}, and its health says it is starting (503 with Retry-After) and restoring. The
 * restore is held open deterministically by a restore listener that blocks until the test has asked.
 */
class DashboardAvailabilityIT {

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  Path dir;

  @Test
  void shouldAnswerTheCommittedScoresWhileRestoringStateAndSayInHealthThatItRestores() throws Exception {
    Topics topics = UniqueTopics.create();
    String path = Http.teamPath("T1", Fixtures.CYCLE);
    String scored;
    try (ServedApp first = ServedApp.start(settings(topics, "first"), Fixtures.http());
        KafkaProducer<byte[], byte[]> producer = Fixtures.producer(BROKER)) {
      Fixtures.send(producer, topics, Fixtures.workedExample());
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
        HttpResponse<String> t1 = Http.get(first.url(), path);
        assertThat(t1.statusCode()).as(t1.body()).isEqualTo(200);
        assertThat(Http.json(t1).get("updatedAt").asText()).isEqualTo("2026-10-01T09:00:03Z");
        // updatedAt is the greatest event time the published parts reflect (P3's, 09:00:03), reached before
        // responses from other partitions may be: wait for every rater of the worked example too.
        assertThat(Http.json(t1).get("raters").toString())
            .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
      });
      scored = Http.get(first.url(), path).body();
      // Leave the group now, so that the next instance does not wait for this one's session to time out.
      first.app().streams().close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(30)));
    }

    BlockingRestore restore = new BlockingRestore();
    // A fresh state directory: the second instance must restore every store from its changelog.
    try (ServedApp second = ServedApp.start(settings(topics, "second"), Fixtures.http(), restore)) {
      try {
        assertThat(restore.started.await(120, TimeUnit.SECONDS)).as("restoration started").isTrue();

        // The stores restore, but what the team published is committed on team-scores-json: answered from there.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          HttpResponse<String> team = Http.get(second.url(), path);
          assertThat(team.statusCode()).as(team.body()).isEqualTo(200);
          assertThat(team.body()).isEqualTo(scored);
        });
        HttpResponse<String> list = Http.get(second.url(), "/api/teams?cycle=" + Fixtures.CYCLE);
        HttpResponse<String> health = Http.get(second.url(), "/api/health");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Http.json(list).get("teams")).extracting(t -> t.get("teamId").asText()).containsExactly("T1");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.headers().firstValue("Retry-After")).hasValue("2");
        JsonNode status = Http.json(health);
        assertThat(status.get("status").asText()).isEqualTo("STARTING");
        assertThat(status.get("streamsState").asText()).isEqualTo("REBALANCING");
        assertThat(status.get("restoring").get("partitions").asInt()).isPositive();
        assertThat(status.get("scores").asText()).isEqualTo("READY");
      } finally {
        restore.release.countDown();
      }

      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
        HttpResponse<String> restored = Http.get(second.url(), path);
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(restored.body()).isEqualTo(scored);
        assertThat(Http.json(Http.get(second.url(), "/api/health")).get("status").asText()).isEqualTo("UP");
      });
    }
  }

  private StreamsSettings settings(Topics topics, String stateDir) {
    return Fixtures.settings(BROKER, "availability-it", dir.resolve(stateDir), topics);
  }

  /** Holds the first restoration open until released. */
  private static final class BlockingRestore implements StateRestoreListener {

    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
      started.countDown();
      try {
        if (!release.await(120, TimeUnit.SECONDS)) {
          throw new IllegalStateException("The test never released the restoration of " + partition);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while holding the restoration of " + partition, e);
      }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
      // Progress is not needed here.
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
      // The end is observed through the API answering 200.
    }
  }
}
