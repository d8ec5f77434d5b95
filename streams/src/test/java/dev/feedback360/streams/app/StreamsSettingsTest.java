package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static final StreamsSettings SETTINGS = new StreamsSettings("127.0.0.1:9092", "settings-test",
      Path.of("state"), Topics.defaults(), TopicSettings.defaults(), ScoringConfig.defaults(),
      Map.of("num.stream.threads", "2"));

  @Test
  void shouldNameTheApplicationServerAndKeepEveryOtherSetting() {
    StreamsSettings served = SETTINGS.withApplicationServer("10.0.0.7", 8081);

    assertThat(served.toProperties())
        .containsEntry("application.server", "10.0.0.7:8081")
        .containsEntry("num.stream.threads", "2");
    assertThat(served.overrides()).hasSize(2);
    assertThat(served).usingRecursiveComparison().ignoringFields("overrides").isEqualTo(SETTINGS);
    assertThat(SETTINGS.overrides()).doesNotContainKey("application.server");
  }
}
