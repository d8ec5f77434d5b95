package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.topics.TopicSettings;
import org.junit.jupiter.api.Test;

class ReplayOutputSettingsTest {

  private static final TopicSettings DEFAULTS = TopicSettings.defaults();

  @Test
  void shouldReplicateTheOutputsAsTheResponsesTopicIsWhenNoFactorIsGiven() {
    TopicSettings settings = ReplayCommand.outputSettings(DEFAULTS, false, (short) 3);

    assertThat(settings.replicationFactor()).isEqualTo((short) 3);
    assertThat(settings.minInSyncReplicas()).isEqualTo(2);
    assertThat(settings.partitions()).isEqualTo(DEFAULTS.partitions());
    assertThat(settings.compaction()).isEqualTo(DEFAULTS.compaction());
  }

  @Test
  void shouldKeepAGivenFactorAndNeverLowerTheDefault() {
    assertThat(ReplayCommand.outputSettings(DEFAULTS, true, (short) 3)).isEqualTo(DEFAULTS);
    assertThat(ReplayCommand.outputSettings(new TopicSettings(4, (short) 2), false, (short) 1).replicationFactor())
        .isEqualTo((short) 2);
    assertThat(ReplayCommand.outputSettings(DEFAULTS, false, (short) 0)).isEqualTo(DEFAULTS);
  }
}
