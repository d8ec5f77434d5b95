package dev.feedback360.dashboard.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackedJsonTest {

  private final PackedJson.Packer packer = new PackedJson.Packer();

  /** A value of team-scores-json as the app writes it (docs/wire-format.md). */
  private static final String SCORES = "{\"cycleId\":\"2025-H1\",\"teamId\":\"team-00458\",\"status\":\"PUBLISHED\","
      + "\"minRaters\":3,\"minChange\":3,\"raters\":{\"SELF\":1,\"MANAGER\":1,\"PEER\":4,\"DIRECT_REPORT\":17,"
      + "\"OTHER\":6},\"pendingRaters\":14,\"axes\":{\"CHANGE\":{\"leader\":{\"mean\":3.0847457627118646,"
      + "\"sd\":1.5457186208811202,\"n\":59,\"raters\":19},\"manager\":{\"mean\":3.0144927536231885,"
      + "\"sd\":1.4500786350197825,\"n\":69,\"raters\":24},\"balance\":0.07025300908867615,\"selfBalance\":null,"
      + "\"gap\":null},\"FOCUS\":{\"leader\":{\"mean\":3.25,\"sd\":1.5295594917511284,\"n\":68,\"raters\":27},"
      + "\"manager\":{\"mean\":2.9855072463768115,\"sd\":1.2890118607493881,\"n\":69,\"raters\":24},"
      + "\"balance\":0.26449275362318847,\"selfBalance\":null,\"gap\":null},\"HORIZON\":{\"leader\":{"
      + "\"mean\":2.911111111111111,\"sd\":1.3283999641096293,\"n\":45,\"raters\":19},\"manager\":{"
      + "\"mean\":2.6964285714285716,\"sd\":1.333752639696021,\"n\":56,\"raters\":21},\"balance\":0.21468253968253936,"
      + "\"selfBalance\":null,\"gap\":null}},\"overall\":{\"leaderMean\":3.104651162790698,"
      + "\"managerMean\":2.9123711340206184,\"balance\":0.19228002877007944,\"style\":\"BALANCED\"},"
      + "\"updatedAt\":\"2025-01-20T02:57:54.190Z\"}";

  @Test
  void shouldGiveBackEveryTextExactly() {
    SplittableRandom random = new SplittableRandom(67);
    for (int i = 0; i < 2_000; i++) {
      int length = i % 10 == 0 ? random.nextInt(200_000) : random.nextInt(2_000);
      StringBuilder text = new StringBuilder(length);
      while (text.length() < length) {
        switch (random.nextInt(4)) {
          case 0 -> text.append(SCORES, 0, random.nextInt(SCORES.length()));
          case 1 -> text.append((char) random.nextInt(0x20, 0x7f));
          case 2 -> text.append((char) random.nextInt(0x80, 0xd800));
          default -> text.appendCodePoint(random.nextInt(0x10000, 0x110000));
        }
      }
      String json = text.toString();
      assertThat(PackedJson.text(packer.pack(json))).isEqualTo(json);
    }
    assertThat(PackedJson.text(packer.pack(""))).isEmpty();
  }

  @Test
  void shouldHoldAScoresValueInUnderAThirdOfItsBytes() {
    byte[] packed = packer.pack(SCORES);

    assertThat(packed.length).isLessThan(SCORES.getBytes(StandardCharsets.UTF_8).length / 3);
    assertThat(PackedJson.text(packed)).isEqualTo(SCORES);
  }

  @Test
  void shouldRefuseBytesThatEndEarly() {
    byte[] packed = packer.pack(SCORES);

    assertThatThrownBy(() -> PackedJson.text(Arrays.copyOf(packed, packed.length / 2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ends before its end");
  }
}
