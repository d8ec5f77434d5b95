package dev.feedback360.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.topics.TopicSettings;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayRequestTest {

  @ParameterizedTest
  @ValueSource(strings = {"team-scores", "team-scores-json", "survey-responses", "survey-responses-dlq", "team"})
  void shouldRefuseToWriteToAProductionTopic(String output) {
    assertThatThrownBy(() -> request(output, Set.of("team-json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never writes to the production topic")
        .hasMessageContaining("choose another output topic");
  }

  @Test
  void shouldRefuseAnOutputNamedLikeReplaysInternalTopics() {
    assertThatThrownBy(() -> request("feedback360-replay-mine", Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix of replays' internal topics");
  }

  @Test
  void shouldWriteScoresJsonAndDeadLettersToTopicsOfItsOwn() {
    ReplayRequest request = request("what-if-k5", Set.of());

    assertThat(request.topics().scores()).isEqualTo("what-if-k5");
    assertThat(request.topics().scoresJson()).isEqualTo("what-if-k5-json");
    assertThat(request.topics().deadLetters()).isEqualTo("what-if-k5-dlq");
    assertThat(request.topics().responses()).isEqualTo("survey-responses");
  }

  private static ReplayRequest request(String output, Set<String> guarded) {
    return new ReplayRequest("127.0.0.1:1", "survey-responses", output, guarded, InputScope.ALL,
        ScoringConfig.defaults(), TopicSettings.defaults(), null, false, Duration.ofMinutes(1));
  }
}
