package dev.feedback360.producer.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class RaterPseudonymiserTest {

  private static final String KEY = "0123456789abcdef-test-key";
  private static final Map<String, String> ENV = Map.of(RaterPseudonymiser.KEY_ENV, KEY);

  @TempDir
  Path dir;

  private final Logger logger = (Logger) LoggerFactory.getLogger(RaterPseudonymiser.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void recordLogs() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopRecordingLogs() {
    logger.detachAppender(logged);
  }

  @Test
  void shouldComputeTheHmacSha256OfTheRaterIdAsLowercaseHex() {
    RaterPseudonymiser pseudonymiser = RaterPseudonymiser.resolve(Optional.empty(), ENV);

    // echo -n emp-00042 | openssl dgst -sha256 -hmac 0123456789abcdef-test-key
    assertThat(pseudonymiser.pseudonymise("emp-00042"))
        .isEqualTo("c48a4eb95f80aaf9196e1f29230b1439df2638d92f2cb06bb1fbba8b0d9546ae");
  }

  @Test
  void shouldBeDeterministicAndDistinguishRaters() {
    RaterPseudonymiser first = RaterPseudonymiser.resolve(Optional.empty(), ENV);
    RaterPseudonymiser second = RaterPseudonymiser.resolve(Optional.empty(), ENV);

    assertThat(first.pseudonymise("emp-00042")).isEqualTo(second.pseudonymise("emp-00042"))
        .hasSize(64).matches("[0-9a-f]{64}");
    assertThat(first.pseudonymise("emp-00043")).isNotEqualTo(first.pseudonymise("emp-00042"));
  }

  @Test
  void shouldGiveDifferentPseudonymsUnderDifferentKeys() {
    RaterPseudonymiser other = RaterPseudonymiser.resolve(Optional.empty(),
        Map.of(RaterPseudonymiser.KEY_ENV, "another-secret-key-0123"));

    // echo -n emp-00042 | openssl dgst -sha256 -hmac another-secret-key-0123
    assertThat(other.pseudonymise("emp-00042"))
        .isEqualTo("ebdd6f86ab12a2f7eab2ad2d0fa19519d14e513eed9f32f16c8bbce281233b97");
  }

  @Test
  void shouldReadTheKeyFileWithoutItsTrailingNewlineAndPreferItToTheEnvironment() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("rater.key"), KEY + "\n", StandardCharsets.UTF_8);
    Map<String, String> otherEnv = Map.of(RaterPseudonymiser.KEY_ENV, "another-secret-key-0123");

    RaterPseudonymiser fromFile = RaterPseudonymiser.resolve(Optional.of(keyFile), otherEnv);

    assertThat(fromFile.pseudonymise("emp-00042"))
        .isEqualTo("c48a4eb95f80aaf9196e1f29230b1439df2638d92f2cb06bb1fbba8b0d9546ae");
  }

  @Test
  void shouldRefuseWhenNoKeyIsGivenAndSayHowToProvideOne() {
    assertThatThrownBy(() -> RaterPseudonymiser.resolve(Optional.empty(), Map.of()))
        .isInstanceOf(RaterKeyException.class)
        .hasMessageContaining(RaterPseudonymiser.KEY_ENV)
        .hasMessageContaining("--rater-key-file");
    assertThatThrownBy(() -> RaterPseudonymiser.resolve(Optional.empty(), Map.of(RaterPseudonymiser.KEY_ENV, "")))
        .isInstanceOf(RaterKeyException.class);
  }

  @Test
  void shouldRefuseAKeyShorterThanSixteenBytesWithoutShowingIt() throws Exception {
    String shortKey = "fifteen-bytes!!";
    Path keyFile = Files.writeString(dir.resolve("short.key"), shortKey + "\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> RaterPseudonymiser.resolve(Optional.empty(),
        Map.of(RaterPseudonymiser.KEY_ENV, shortKey)))
        .isInstanceOf(RaterKeyException.class)
        .hasMessageContaining("15 bytes")
        .hasMessageContaining("at least 16")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> RaterPseudonymiser.resolve(Optional.of(keyFile), Map.of()))
        .isInstanceOf(RaterKeyException.class)
        .hasMessageContaining(keyFile.toString())
        .hasMessageNotContaining(shortKey);
  }

  @Test
  void shouldRefuseAMissingKeyFile() {
    Path missing = dir.resolve("missing.key");

    assertThatThrownBy(() -> RaterPseudonymiser.resolve(Optional.of(missing), ENV))
        .isInstanceOf(RaterKeyException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void shouldNotShowTheKeyInToString() {
    assertThat(RaterPseudonymiser.resolve(Optional.empty(), ENV).toString()).doesNotContain(KEY);
  }

  @Test
  void shouldGiveASelfRatingAPseudonymUnlinkableToThePersonsOtherRatings() {
    RaterPseudonymiser pseudonymiser = RaterPseudonymiser.resolve(Optional.empty(), ENV);

    String asSelf = pseudonymiser.pseudonymise("emp-1", "emp-1");
    String asPeer = pseudonymiser.pseudonymise("emp-1", "emp-2");

    assertThat(asSelf).isNotEqualTo(asPeer).hasSize(64);
    assertThat(asPeer).isEqualTo(pseudonymiser.pseudonymise("emp-1"));
    assertThat(pseudonymiser.pseudonymise("emp-1", "emp-1")).as("stable").isEqualTo(asSelf);
  }

  @Test
  void shouldRefuseARepeatedCharacterOrPatternFromTheEnvironmentAndFromAFileAlike() throws Exception {
    for (String weak : new String[] {"aaaaaaaaaaaaaaaaaaaa", "abababababababababab", "0123012301230123"}) {
      Path keyFile = Files.writeString(dir.resolve("weak.key"), weak + "\n", StandardCharsets.UTF_8);

      assertThatThrownBy(() -> RaterPseudonymiser.resolve(Optional.empty(), Map.of(RaterPseudonymiser.KEY_ENV, weak)))
          .isInstanceOf(RaterKeyException.class)
          .hasMessageStartingWith("The rater key from environment variable FEEDBACK360_RATER_KEY uses only")
          .hasMessageContaining("openssl rand -hex 32")
          .hasMessageNotContaining(weak);
      assertThatThrownBy(() -> RaterPseudonymiser.resolve(Optional.of(keyFile), Map.of()))
          .isInstanceOf(RaterKeyException.class)
          .hasMessageStartingWith("The rater key from key file " + keyFile + " uses only")
          .hasMessageNotContaining(weak);
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void shouldWarnOnceWithoutTheKeyWhenTheKeyFileIsReadableByGroupOrOthers() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("shared.key"), KEY + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r-----"));

    RaterPseudonymiser pseudonymiser = RaterPseudonymiser.resolve(Optional.of(keyFile), Map.of());

    assertThat(pseudonymiser.pseudonymise("emp-00042")).as("the key is still used")
        .isEqualTo("c48a4eb95f80aaf9196e1f29230b1439df2638d92f2cb06bb1fbba8b0d9546ae");
    assertThat(logged.list).singleElement().satisfies(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getFormattedMessage())
          .isEqualTo("The rater key file " + keyFile + " can be read by its group or by others (rw-r-----); "
              + "restrict it: chmod 600 " + keyFile)
          .doesNotContain(KEY);
    });
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void shouldNotWarnAboutAKeyFileOnlyItsOwnerCanRead() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("private.key"), KEY, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

    RaterPseudonymiser.resolve(Optional.of(keyFile), Map.of());

    assertThat(logged.list).isEmpty();
  }
}
