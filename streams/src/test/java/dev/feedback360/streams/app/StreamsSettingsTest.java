package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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

  @Test
  void shouldStartKafkaStreamsWithoutItsWarningThatTheGlobalHandlerIsOff(@TempDir Path stateDir) {
    // Kafka Streams builds StreamsConfigs of its own (the partition assignor's, from the main consumer's settings);
    // each one without the setting warned at start, whatever the app's own properties said.
    StreamsSettings settings = new StreamsSettings("127.0.0.1:9", "settings-warning-test", stateDir,
        Topics.defaults(), TopicSettings.defaults(), ScoringConfig.defaults(), Map.of());
    Logger logger = (Logger) LoggerFactory.getLogger(StreamsConfig.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in").to("out");
    try (KafkaStreams streams = new KafkaStreams(builder.build(), settings.toProperties())) {
      streams.close(Duration.ZERO);
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(message -> message.contains(StreamsSettings.GLOBAL_PROCESSING_EXCEPTION_HANDLER));
  }
}
