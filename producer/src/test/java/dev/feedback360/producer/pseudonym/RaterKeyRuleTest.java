package dev.feedback360.producer.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RaterKeyRuleTest {

  @ParameterizedTest
  @ValueSource(strings = {
      // openssl rand -hex 32 (one run)
      "5f0c2e9a7b41d3c8e6a0f2b9147d58c3a9e0b6f1d2c47a8e93b05f6c1d2e7a4b",
      // openssl rand -base64 24 (one run)
      "q3N7vYc0pLx2Hf9sWk1RZt8bJmE4uA6o",
      "0123456789abcdef",
      "an end-to-end test key of 32 bytes",
      "feedback360-compose-demo-key-not-secret"})
  void shouldAcceptKeysThatLookRandomOrAtLeastVaried(String key) {
    assertThat(RaterKeyRule.problem(utf8(key))).isEmpty();
  }

  @Test
  void shouldRefuseAKeyShorterThanSixteenBytes() {
    assertThat(RaterKeyRule.problem(utf8("fifteen-bytes!!")))
        .contains("is 15 bytes long; it must be at least 16 bytes");
  }

  @Test
  void shouldRefuseARepeatedCharacterHoweverLong() {
    assertThat(RaterKeyRule.problem(utf8("a".repeat(20))))
        .contains("uses only 1 different byte value; it must use at least 8");
    assertThat(RaterKeyRule.problem(utf8("a".repeat(1000)))).isPresent();
  }

  @Test
  void shouldRefuseKeysWithFewerThanEightDifferentBytes() {
    assertThat(RaterKeyRule.problem(utf8("abababababababababab")))
        .contains("uses only 2 different byte values; it must use at least 8");
    assertThat(RaterKeyRule.problem(utf8("0123012301230123")))
        .contains("uses only 4 different byte values; it must use at least 8");
    // seven different bytes and no repetition: still refused
    assertThat(RaterKeyRule.problem(utf8("abcdefgabcdefggfedcba")))
        .contains("uses only 7 different byte values; it must use at least 8");
  }

  @Test
  void shouldRefuseAShortPatternRepeatedEvenWhenItHasEnoughDifferentBytes() {
    assertThat(RaterKeyRule.problem(utf8("abcdefghabcdefgh")))
        .contains("is a block of 8 bytes repeated; it must not repeat a shorter pattern");
    // two and a half copies of a 9-byte block: the cut-short last copy does not hide the repetition
    assertThat(RaterKeyRule.problem(utf8("secret-12secret-12secr")))
        .contains("is a block of 9 bytes repeated; it must not repeat a shorter pattern");
  }

  @Test
  void shouldAcceptAKeyWhoseRepeatedPartIsLessThanHalfOfIt() {
    // "abcdefghi" + "Z" + "abcdefghi": period 10, and 2 * 10 > 19, so not a repetition of a shorter block
    assertThat(RaterKeyRule.problem(utf8("abcdefghiZabcdefghi"))).isEmpty();
  }

  @Test
  void shouldFindTheSmallestPeriod() {
    assertThat(RaterKeyRule.smallestPeriod(utf8("abcabcab"))).isEqualTo(3);
    assertThat(RaterKeyRule.smallestPeriod(utf8("aaaa"))).isEqualTo(1);
    assertThat(RaterKeyRule.smallestPeriod(utf8("abcd"))).isEqualTo(4);
    assertThat(RaterKeyRule.smallestPeriod(utf8("aabaaab"))).isEqualTo(4);
  }

  @Test
  void shouldNeverShowTheKeyInTheProblem() {
    assertThat(RaterKeyRule.problem(utf8("secret-12secret-12secr")).orElseThrow()).doesNotContain("secret");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
