package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.ThresholdExample;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.ResponseLog.Entry;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Reprocessing the production app from scratch: stop, reset, restart with another threshold. */
class ApplicationResetIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  Path stateDir;

  @Test
  void shouldRescoreEveryResponseWithTheNewThresholdAfterAReset() throws Exception {
    String s = UniqueTopics.suffix();
    Topics topics = UniqueTopics.withSuffix(s);
    String appId = "reset-app-" + s;
    ResponseLog.write(BROKER.bootstrapServers(), topics.responses(), 2,
        ThresholdExample.responses().stream().map(Entry::submit).toList());
    ApplicationReset reset = new ApplicationReset(BROKER.bootstrapServers());

    try (TeamScoresApp app = TeamScoresApp.start(settings(topics, appId, 3))) {
      await().atMost(TIMEOUT).untilAsserted(() ->
          assertThat(read(topics)).extracting(TeamScores::getStatus)
              .containsExactly(PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED));
      assertThatThrownBy(() -> reset.reset(appId, List.of(topics.responses()), stateDir, Duration.ZERO, false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still has 1 active member")
          .hasMessageContaining("stop every instance");
    }
    assertThat(stateDir.resolve(appId)).isDirectory();

    // The app is stopped; its membership lingers until the session times out, hence --force.
    reset.reset(appId, List.of(topics.responses()), stateDir, Duration.ZERO, true);

    assertThat(stateDir.resolve(appId)).doesNotExist();
    assertThat(topics()).noneMatch(topic -> topic.startsWith(appId));
    try (TeamScoresApp app = TeamScoresApp.start(settings(topics, appId, 5))) {
      // ThresholdExample: with k = 5, T4 (4 peers) is suppressed, T5 (5 peers) still published.
      await().atMost(TIMEOUT).untilAsserted(() -> {
        List<TeamScores> teams = read(topics);
        assertThat(teams).extracting(TeamScores::getMinRaters).containsExactly(5, 5);
        assertThat(teams).extracting(TeamScores::getStatus)
            .containsExactly(PublicationStatus.SUPPRESSED, PublicationStatus.PUBLISHED);
      });
      TeamScores t4 = read(topics).get(0);
      assertThat(t4.getAxes().getChange().getLeader().getMean()).isNull();
      assertThat(t4.getRaters().getPeer()).isEqualTo(4);
    }
  }

  private StreamsSettings settings(Topics topics, String appId, int k) {
    return new StreamsSettings(BROKER.bootstrapServers(), appId, stateDir, topics, new TopicSettings(2, (short) 1),
        new ScoringConfig(k), Map.of());
  }

  private static List<TeamScores> read(Topics topics) {
    return new ScoresReader(BROKER.bootstrapServers(), Duration.ofSeconds(30)).read(topics.scores(), null);
  }

  private static Set<String> topics() throws Exception {
    try (Admin admin = BROKER.admin()) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }
}
