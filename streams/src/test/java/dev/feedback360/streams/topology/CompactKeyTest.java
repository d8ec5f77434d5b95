package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link CompactKey}: two keys get the same bytes exactly when their fields are equal. */
class CompactKeyTest {

  private static final String PSEUDONYM = "0123456789abcdef".repeat(4);

  @Test
  void shouldWriteAPseudonymAsItsThirtyTwoBytesAndAnyOtherRaterAsText() {
    CompactKey pseudonym = new CompactKey().putRater(PSEUDONYM);
    assertThat(pseudonym.size()).isEqualTo(1 + 32);
    assertThat(new CompactKey().putRater(PSEUDONYM.toUpperCase()).size()).as("not the producer's lowercase")
        .isEqualTo(1 + 1 + 64);
    assertThat(new CompactKey().putRater("r\u00e9").size()).as("UTF-8 text").isEqualTo(1 + 1 + 3);
  }

  @Test
  void shouldPackAPseudonymAsItsHexBytesAndKeepAnyOtherCharacterAnywhereAsText() {
    String pseudonym = "00ff7a9c".repeat(8);
    CompactKey packed = new CompactKey().putRater(pseudonym);
    assertThat(Arrays.copyOfRange(packed.bytes(), 1, packed.size())).isEqualTo(HexFormat.of().parseHex(pseudonym));
    for (int at = 0; at < pseudonym.length(); at++) {
      for (char other : new char[] {'g', 'A', 'F', '/', ':', '`', '\u00e9', '\u0130', '\u0000'}) {
        String rater = pseudonym.substring(0, at) + other + pseudonym.substring(at + 1);
        CompactKey key = new CompactKey().putRater(rater);
        assertThat(key.size()).as("%s at %d", other, at)
            .isEqualTo(2 + rater.getBytes(StandardCharsets.UTF_8).length);
        assertThat(key.bytes()[0]).as("the text tag").isEqualTo((byte) 1);
      }
    }
  }

  @Test
  void shouldGiveDistinctFieldsDistinctBytesAndEqualFieldsEqualBytes() {
    // Fields drawn from small alphabets so that equal, prefix-sharing and boundary-shifted values meet often.
    List<String> pieces = List.of("", "a", "ab", "0", "00", "\u00e9", "\u20ac", "emp-1", "2026-H2", PSEUDONYM,
        PSEUDONYM.substring(2), PSEUDONYM + "0", PSEUDONYM.replace('a', 'A'), PSEUDONYM.replace('f', 'g'),
        "\u0000", "x".repeat(200));
    Random random = new Random(360);
    Map<String, List<String>> byBytes = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      List<String> fields = List.of(pick(pieces, random), pick(pieces, random), pick(pieces, random));
      CompactKey key = new CompactKey().putString(fields.get(0)).putString(fields.get(1)).putRater(fields.get(2));
      String bytes = Arrays.toString(Arrays.copyOf(key.bytes(), key.size()));
      List<String> earlier = byBytes.putIfAbsent(bytes, fields);
      if (earlier != null) {
        assertThat(fields).as("fields with the bytes %s", bytes).isEqualTo(earlier);
      }
    }
    assertThat(byBytes).as("distinct keys met").hasSizeGreaterThan(1_000);
  }

  private static String pick(List<String> pieces, Random random) {
    String piece = pieces.get(random.nextInt(pieces.size()));
    return random.nextInt(4) == 0 ? piece + pieces.get(random.nextInt(pieces.size())) : piece;
  }
}
