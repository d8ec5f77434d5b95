package dev.feedback360.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
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
  void shouldPackMostlyZeroCountersSparselyInTheirFewNonZeroOnes() {
    long[] values = new long[192];
    values[3] = 2;
    values[100] = 1;
    values[191] = 300;

    ByteBuffer packed = PackedCounters.pack(values);
    long[] read = new long[192];
    PackedCounters.unpack(packed, read, "test");

    // -(3 + 1), then gap and value per counter, zig-zag varints all: 3, 2; 96 (two bytes), 1; 90 and 300 (two
    // bytes each). Dense, the same counters take 193 bytes.
    assertThat(packed.remaining()).isEqualTo(10);
    assertThat(read).containsExactly(values);
  }

  @Test
  void shouldStillReadDenseCountersAsEveryEarlierVersionWroteThem() {
    Random random = new Random(33);
    for (int round = 0; round < 500; round++) {
      long[] values = new long[1 + random.nextInt(200)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(4) == 0 ? random.nextInt(1_000) : 0;
      }
      values[0] = random.nextInt(50);
      byte[] dense = new byte[values.length * PackedCounters.MAX_VARINT_BYTES];
      int at = 0;
      for (long value : values) {
        at = PackedCounters.writeVarint(value, dense, at);
      }
      long[] read = new long[values.length];

      PackedCounters.unpack(ByteBuffer.wrap(dense, 0, at), read, "test");

      assertThat(read).as("round %d", round).containsExactly(values);
    }
  }

  @Test
  void shouldRoundTripRandomCountersInWhicheverFormIsShorter() {
    Random random = new Random(360);
    for (int round = 0; round < 2_000; round++) {
      long[] values = new long[1 + random.nextInt(300)];
      int density = random.nextInt(101);
      for (int i = 0; i < values.length; i++) {
        if (random.nextInt(100) < density) {
          values[i] = switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> -random.nextInt(1_000);
            default -> random.nextInt(200);
          };
        }
      }
      int[] narrow = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        narrow[i] = (int) values[i];
      }
      long[] read = new long[values.length];
      int[] readNarrow = new int[values.length];

      ByteBuffer packed = PackedCounters.pack(values);
      PackedCounters.unpack(packed, read, "test");
      PackedCounters.unpack(PackedCounters.pack(narrow), readNarrow, "test");

      assertThat(read).as("round %d", round).containsExactly(values);
      assertThat(readNarrow).as("round %d", round).containsExactly(narrow);
      int dense = 0;
      for (long value : values) {
        dense = PackedCounters.writeVarint(value, new byte[PackedCounters.MAX_VARINT_BYTES], 0) + dense;
      }
      if (values[0] >= 0 && packed.remaining() > 0) {
        assertThat(packed.remaining()).as("round %d: never longer than dense", round).isLessThanOrEqualTo(dense);
      }
    }
  }

  @Test
  void shouldWriteExactlyTheBytesOfTheShorterFormAsAReferenceEncoderWritesThem() {
    Random random = new Random(34);
    for (int round = 0; round < 2_000; round++) {
      long[] values = randomCounters(random, 1 + random.nextInt(200));

      ByteBuffer packed = PackedCounters.pack(values);

      assertThat(bytes(packed)).as("round %d", round).containsExactly(reference(values));
    }
  }

  @Test
  void shouldWriteIntCountersAsTheReferenceEncoderWritesTheSameLongs() {
    Random random = new Random(37);
    for (int round = 0; round < 2_000; round++) {
      // Up to 300 counters: longer than the thread's first buffer for widened ints, and shorter arrays after longer.
      int[] values = Arrays.stream(randomCounters(random, 1 + random.nextInt(300))).mapToInt(value -> (int) value)
          .toArray();
      int from = random.nextInt(values.length);
      int to = from + 1 + random.nextInt(values.length - from);
      long[] widened = new long[to - from];
      for (int i = from; i < to; i++) {
        widened[i - from] = values[i];
      }

      assertThat(bytes(PackedCounters.pack(values, from, to))).as("round %d", round)
          .containsExactly(reference(widened));
    }
  }

  @Test
  void shouldPackAndUnpackARangeOfAnIntArrayAsAnArrayOfItsOwn() {
    Random random = new Random(35);
    for (int round = 0; round < 1_000; round++) {
      int[] values = new int[2 + random.nextInt(60)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(3) == 0 ? random.nextInt(500) : 0;
      }
      int from = random.nextInt(values.length - 1);
      int to = from + 1 + random.nextInt(values.length - from - 1);
      int[] read = new int[values.length];
      Arrays.fill(read, -7);

      ByteBuffer packed = PackedCounters.pack(values, from, to);
      PackedCounters.unpack(packed, read, from, to, "test");

      assertThat(bytes(packed)).as("round %d", round)
          .containsExactly(bytes(PackedCounters.pack(Arrays.copyOfRange(values, from, to))));
      assertThat(Arrays.copyOfRange(read, from, to)).as("round %d", round)
          .containsExactly(Arrays.copyOfRange(values, from, to));
      for (int i = 0; i < values.length; i++) {
        if (i < from || i >= to) {
          assertThat(read[i]).as("round %d: index %d is outside the range", round, i).isEqualTo(-7);
        }
      }
    }
  }

  @Test
  void shouldRejectACounterTooLargeForAnIntNamingWhatToDo() {
    ByteBuffer packed = PackedCounters.pack(new long[] {1, 1L << 40, 2});

    assertThatThrownBy(() -> PackedCounters.unpack(packed, new int[3], "rater tally"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Stored rater tally has a counter of 1099511627776 where an int is expected")
        .hasMessageContaining("reset");
  }

  @Test
  void shouldGiveTheLengthOfEveryVarintAsWritten() {
    Random random = new Random(36);
    byte[] scratch = new byte[PackedCounters.MAX_VARINT_BYTES];
    for (int round = 0; round < 10_000; round++) {
      long value = switch (round) {
        case 0 -> Long.MIN_VALUE;
        case 1 -> Long.MAX_VALUE;
        case 2 -> 0;
        default -> random.nextLong() >> random.nextInt(64);
      };

      assertThat(PackedCounters.varintLength(value)).as("%d", value)
          .isEqualTo(PackedCounters.writeVarint(value, scratch, 0));
    }
  }

  /** Counters of a random density, mostly small and some of any size (negative ones too). */
  private static long[] randomCounters(Random random, int length) {
    long[] values = new long[length];
    int density = random.nextInt(101);
    for (int i = 0; i < values.length; i++) {
      if (random.nextInt(100) < density) {
        values[i] = random.nextInt(10) == 0 ? random.nextLong() : random.nextInt(2_000) - 100;
      }
    }
    return values;
  }

  /** The two forms written the plain way, the shorter one kept (sparse when the first counter is negative). */
  private static byte[] reference(long[] values) {
    byte[] dense = new byte[values.length * PackedCounters.MAX_VARINT_BYTES];
    int denseAt = 0;
    int nonZero = 0;
    for (long value : values) {
      denseAt = PackedCounters.writeVarint(value, dense, denseAt);
      nonZero += value != 0 ? 1 : 0;
    }
    if (nonZero == 0) {
      return new byte[0];
    }
    byte[] sparse = new byte[(2 * nonZero + 1) * PackedCounters.MAX_VARINT_BYTES];
    int sparseAt = PackedCounters.writeVarint(-(nonZero + 1L), sparse, 0);
    int previous = -1;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != 0) {
        sparseAt = PackedCounters.writeVarint(i - previous - 1L, sparse, sparseAt);
        sparseAt = PackedCounters.writeVarint(values[i], sparse, sparseAt);
        previous = i;
      }
    }
    return values[0] < 0 || sparseAt < denseAt ? Arrays.copyOf(sparse, sparseAt) : Arrays.copyOf(dense, denseAt);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  @Test
  void shouldRejectASparseGapTooLargeForAnyIndex() {
    byte[] bytes = new byte[3 * PackedCounters.MAX_VARINT_BYTES];
    int at = PackedCounters.writeVarint(-2, bytes, 0);
    at = PackedCounters.writeVarint(Long.MAX_VALUE, bytes, at);
    at = PackedCounters.writeVarint(1, bytes, at);
    ByteBuffer corrupt = ByteBuffer.wrap(bytes, 0, at);

    assertThatThrownBy(() -> PackedCounters.unpack(corrupt, new long[4], "cell raters"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("where 4 are expected");
  }

  @Test
  void shouldRejectASparseCounterPastTheEndNamingWhatToDo() {
    ByteBuffer packed = PackedCounters.pack(new long[] {0, 0, 0, 0, 0, 0, 0, 9});

    assertThatThrownBy(() -> PackedCounters.unpack(packed, new long[4], "cell raters"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Stored cell raters has a counter 7 after index -1 where 4 are expected")
        .hasMessageContaining("reset");
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
