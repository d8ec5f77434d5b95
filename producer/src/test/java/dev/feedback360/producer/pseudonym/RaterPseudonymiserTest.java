package dev.feedback360.producer.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaterPseudonymiserTest {

  private static final String KEY = "0123456789abcdef-test-key";
  private static final Map<String, String> ENV = Map.of(RaterPseudonymiser.KEY_ENV, KEY);

  @TempDir
  Path dir;

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
}
