package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthFileTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-01T09:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void shouldWriteTheFileWhileHealthyAndDeleteItWhenNot() throws Exception {
    Path file = dir.resolve("streams.health");
    AtomicBoolean healthy = new AtomicBoolean(true);
    HealthFile health = new HealthFile(file, healthy::get, CLOCK, null);

    health.beat();
    assertThat(file).hasContent("healthy at 2026-10-01T09:00:00Z");
    assertThat(dir.resolve("streams.health.partial")).doesNotExist();

    healthy.set(false);
    health.beat();
    assertThat(file).doesNotExist();
  }

  @Test
  void shouldDeleteTheFileOnClose() throws Exception {
    Path file = dir.resolve("streams.health");
    HealthFile health = new HealthFile(file, () -> true, CLOCK, null);
    health.beat();

    health.close();

    assertThat(file).doesNotExist();
  }

  @Test
  @SuppressWarnings("try") // the resource is opened for the body's duration, which needs it running, not named
  void shouldBeatOnItsOwnOnceStarted() {
    Path file = dir.resolve("nested/streams.health");
    try (HealthFile health = HealthFile.start(file, () -> true, Duration.ofMillis(100))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void shouldRefuseANonPositiveInterval() {
    assertThatThrownBy(() -> HealthFile.start(dir.resolve("h"), () -> true, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
  }
}
