package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Waiting for an application's progress while its input topics are still being created: a repartition topic exists
 * only once the app has created it, and a broker may not know a topic for a moment after its creation.
 */
class CatchUpIT {

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @Test
  void shouldKeepWaitingForAnInputTopicThatDoesNotExistYet() throws Exception {
    String topic = "catch-up-later-" + UniqueTopics.suffix();
    try (Admin admin = BROKER.admin()) {
      CatchUp catchUp = new CatchUp(admin);
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
        try {
          catchUp.await("catch-up-app-" + topic, List.of(topic), Duration.ofSeconds(60), Duration.ofMillis(50));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });

      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);

      // An app that has read nothing from an empty topic lags by nothing.
      waiting.get(60, TimeUnit.SECONDS);
      assertThat(waiting).isCompleted();
    }
  }

  @Test
  void shouldSayWhatKeptTheProgressUnreadableWhenAnInputTopicNeverAppears() {
    String topic = "catch-up-never-" + UniqueTopics.suffix();
    try (Admin admin = BROKER.admin()) {
      CatchUp catchUp = new CatchUp(admin);

      assertThatThrownBy(() -> catchUp.await("catch-up-app-" + topic, List.of(topic), Duration.ofSeconds(2)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Could still not read the progress of application catch-up-app-" + topic)
          .hasMessageContaining("check that the topics exist")
          .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }
  }

  @Test
  void shouldFailAtOnceWhenTheProgressCannotBeReadForGood() {
    try (Admin admin = BROKER.admin()) {
      CatchUp catchUp = new CatchUp(admin);

      // A topic name Kafka refuses outright is not worth waiting for.
      assertThatThrownBy(() -> catchUp.await("catch-up-app", List.of("no spaces allowed"), Duration.ofSeconds(60)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Cannot read the progress of application catch-up-app");
    }
  }
}
