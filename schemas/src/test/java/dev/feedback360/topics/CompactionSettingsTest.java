package dev.feedback360.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class CompactionSettingsTest {

  @Test
  void shouldGiveEveryCompactedTopicTheCleanerSettingsThatBoundAWithdrawalOnDisk() {
    // 12 h = 43,200,000 ms; 24 h = 86,400,000 ms
    assertThat(TopicProvisioner.definitions(Topics.defaults(), TopicSettings.defaults()))
        .filteredOn(topic -> !topic.name().equals(Topics.DEFAULT_DEAD_LETTERS))
        .extracting(NewTopic::name)
        .containsExactlyInAnyOrder("survey-responses", "team-scores", "team-scores-json", "survey-nominations",
            "team-participation-json");
    assertThat(TopicProvisioner.definitions(Topics.defaults(), TopicSettings.defaults()))
        .filteredOn(topic -> !topic.name().equals(Topics.DEFAULT_DEAD_LETTERS))
        .allSatisfy(topic -> assertThat(topic.configs()).containsEntry("cleanup.policy", "compact")
            .containsEntry("max.compaction.lag.ms", "43200000")
            .containsEntry("segment.ms", "43200000")
            .containsEntry("delete.retention.ms", "86400000")
            .containsEntry("min.cleanable.dirty.ratio", "0.1")
            .doesNotContainKey("min.compaction.lag.ms"));
  }

  @Test
  void shouldKeepDeadLettersForSevenDaysInDailySegments() {
    NewTopic deadLetters = TopicProvisioner.definitions(Topics.defaults(), TopicSettings.defaults()).stream()
        .filter(topic -> topic.name().equals(Topics.DEFAULT_DEAD_LETTERS)).findFirst().orElseThrow();

    // 7 d = 604,800,000 ms; 1 d = 86,400,000 ms
    assertThat(deadLetters.configs()).containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", "604800000")
        .containsEntry("segment.ms", "86400000")
        .doesNotContainKey("max.compaction.lag.ms");
  }

  @Test
  void shouldCreateTopicsWithTheCompactionSettingsGiven() {
    CompactionSettings fast = new CompactionSettings(Duration.ofSeconds(2), Duration.ofSeconds(3),
        Duration.ofMillis(1_500), 0.01);

    NewTopic responses = TopicProvisioner.definitions(Topics.defaults(), new TopicSettings(1, (short) 1, fast))
        .stream().filter(topic -> topic.name().equals(Topics.DEFAULT_RESPONSES)).findFirst().orElseThrow();

    assertThat(responses.configs()).containsEntry("max.compaction.lag.ms", "2000")
        .containsEntry("segment.ms", "3000")
        .containsEntry("delete.retention.ms", "1500")
        .containsEntry("min.cleanable.dirty.ratio", "0.01");
  }

  @Test
  void shouldRefuseADurationThatKafkaWouldRefuse() {
    assertThatThrownBy(() -> new CompactionSettings(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(1), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max.compaction.lag.ms must be at least 1 ms");
    assertThatThrownBy(() -> new CompactionSettings(Duration.ofHours(1), Duration.ofNanos(10), Duration.ofHours(1),
        0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segment.ms must be at least 1 ms");
  }

  @Test
  void shouldRefuseADirtyRatioOutsideZeroToOne() {
    assertThatThrownBy(() -> new CompactionSettings(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1),
        0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min.cleanable.dirty.ratio must be greater than 0 and at most 1, got 0.0");
    assertThatThrownBy(() -> new CompactionSettings(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1),
        1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 1.5");
  }

  @Test
  void shouldKeepTheDefaultsWhenOnlyPartitionsAndReplicationAreGiven() {
    assertThat(new TopicSettings(3, (short) 3).compaction()).isEqualTo(CompactionSettings.defaults());
  }
}
