package dev.feedback360.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PackedCountersTest {

  @Test
  void shouldRoundTripEveryLongIncludingTheExtremes() {
    long[] values = {0, 1, -1, 63, -64, 64, 300, -300, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE};
    long[] read = new long[values.length];

    PackedCounters.unpack(PackedCounters.pack(values), read, "test");

    assertThat(read).containsExactly(values);
  }

  @Test
  void shouldPackSmallCountersInOneByteEachAndZerosToNothing() {
    assertThat(PackedCounters.pack(new int[] {1, 2, 3, 0, 63}).remaining()).isEqualTo(5);
    assertThat(PackedCounters.pack(new int[192]).remaining()).isZero();
    int[] read = {7, 7, 7};
    PackedCounters.unpack(PackedCounters.pack(new int[3]), read, "test");
    assertThat(read).as("an empty buffer is all zero").containsExactly(0, 0, 0);
  }

  @Test
  void shouldRejectAnotherNumberOfCountersNamingWhatToDo() {
    ByteBuffer three = PackedCounters.pack(new long[] {1, 2, 3});

    assertThatThrownBy(() -> PackedCounters.unpack(three, new long[4], "cell totals"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Stored cell totals has 3 counters where 4 are expected")
        .hasMessageContaining("reset");
    assertThatThrownBy(() -> PackedCounters.unpack(three, new long[2], "cell totals"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more than 2 counters");
  }

  @Test
  void shouldRejectATruncatedVarint() {
    ByteBuffer truncated = ByteBuffer.wrap(new byte[] {2, (byte) 0x80});

    assertThatThrownBy(() -> PackedCounters.unpack(truncated, new long[2], "cell raters"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("truncated");
  }
}
