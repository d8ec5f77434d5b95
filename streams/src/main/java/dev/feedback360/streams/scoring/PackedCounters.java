package dev.feedback360.streams.scoring;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Counter arrays of the team state and the rater tallies packed as zig-zag varints, the encoding Avro uses for its
 * own numbers; an all-zero array packs to nothing. Two forms, whichever is shorter:
 *
 * <ul>
 *   <li>dense: every counter in order (the only form before change 34; its first counter is never negative, as no
 *       counter of a valid state is);
 *   <li>sparse: {@code -(n + 1)} for the n counters that are not zero, then for each its index as the gap since the
 *       previous one's (minus one) and its value. Most of the team state's counters per set of rater groups are
 *       zero, and a dense array of them is mostly one byte per zero.
 * </ul>
 *
 * Reading checks the count and the indexes, so state written with another layout fails loudly.
 */
public final class PackedCounters {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  /** The longest varint of a long. */
  public static final int MAX_VARINT_BYTES = 10;

  private PackedCounters() {}

  public static ByteBuffer pack(long[] values) {
    return pack(values, null, 0, values.length);
  }

  public static ByteBuffer pack(int[] values) {
    return pack(null, values, 0, values.length);
  }

  /** Packs {@code values[from..to)} as an array of its own. */
  public static ByteBuffer pack(int[] values, int from, int to) {
    return pack(null, values, from, to);
  }

  /**
   * Packs the counters of {@code wide}, or of {@code narrow} when {@code wide} is null, from {@code from} to {@code
   * to}: one pass sizes both forms, the shorter is written into an array of exactly its length.
   */
  private static ByteBuffer pack(long[] wide, int[] narrow, int from, int to) {
    int nonZero = 0;
    int dense = 0;
    int sparse = 0;
    int previous = -1;
    for (int index = 0; index < to - from; index++) {
      long value = wide != null ? wide[from + index] : narrow[from + index];
      dense += varintLength(value);
      if (value != 0) {
        nonZero++;
        sparse += varintLength(index - previous - 1L) + varintLength(value);
        previous = index;
      }
    }
    if (nonZero == 0) {
      return EMPTY.duplicate();
    }
    sparse += varintLength(-(nonZero + 1L));
    long first = wide != null ? wide[from] : narrow[from];
    // A dense array never starts with a negative counter: that is how a reader tells the two forms apart.
    boolean sparseForm = first < 0 || sparse < dense;
    byte[] out = new byte[sparseForm ? sparse : dense];
    int at = 0;
    if (sparseForm) {
      at = writeVarint(-(nonZero + 1L), out, at);
      previous = -1;
    }
    for (int index = 0; index < to - from; index++) {
      long value = wide != null ? wide[from + index] : narrow[from + index];
      if (!sparseForm) {
        at = writeVarint(value, out, at);
      } else if (value != 0) {
        at = writeVarint(index - previous - 1L, out, at);
        at = writeVarint(value, out, at);
        previous = index;
      }
    }
    return ByteBuffer.wrap(out);
  }

  /**
   * Unpacks into {@code into}; an empty buffer means all zero.
   *
   * @throws IllegalStateException if the buffer holds another number of counters than {@code into} has
   */
  public static void unpack(ByteBuffer packed, long[] into, String what) {
    unpack(packed, into, null, 0, into.length, what);
  }

  /**
   * Unpacks into {@code into}; an empty buffer means all zero.
   *
   * @throws IllegalStateException if the buffer holds another number of counters than {@code into} has, or one
   *     an int cannot hold
   */
  public static void unpack(ByteBuffer packed, int[] into, String what) {
    unpack(packed, null, into, 0, into.length, what);
  }

  /** Unpacks into {@code into[from..to)}, as {@link #pack(int[], int, int)} packed it. */
  public static void unpack(ByteBuffer packed, int[] into, int from, int to, String what) {
    unpack(packed, null, into, from, to, what);
  }

  /** Unpacks into {@code wide}, or into {@code narrow} when {@code wide} is null, from {@code from} to {@code to}. */
  private static void unpack(ByteBuffer packed, long[] wide, int[] narrow, int from, int to, String what) {
    ByteBuffer in = packed.duplicate();
    if (wide != null) {
      Arrays.fill(wide, from, to, 0L);
    } else {
      Arrays.fill(narrow, from, to, 0);
    }
    if (!in.hasRemaining()) {
      return;
    }
    int length = to - from;
    long first = readVarint(in, what);
    if (first < 0) {
      long entries = -(first + 1);
      long index = -1;
      for (long entry = 0; entry < entries; entry++) {
        long gap = readVarint(in, what);
        if (gap < 0 || gap >= length - index - 1) {
          throw incompatible(what, "a counter " + gap + " after index " + index + " where " + length
              + " are expected");
        }
        index += gap + 1;
        store(wide, narrow, from + (int) index, readVarint(in, what), what);
      }
      if (in.hasRemaining()) {
        throw incompatible(what, in.remaining() + " bytes after its " + entries + " sparse counters");
      }
      return;
    }
    store(wide, narrow, from, first, what);
    int count = 1;
    while (in.hasRemaining()) {
      long value = readVarint(in, what);
      if (count == length) {
        throw incompatible(what, "more than " + length + " counters");
      }
      store(wide, narrow, from + count++, value, what);
    }
    if (count != length) {
      throw incompatible(what, count + " counters where " + length + " are expected");
    }
  }

  private static void store(long[] wide, int[] narrow, int index, long value, String what) {
    if (wide != null) {
      wide[index] = value;
    } else if (value != (int) value) {
      throw incompatible(what, "a counter of " + value + " where an int is expected");
    } else {
      narrow[index] = (int) value;
    }
  }

  /** The bytes {@link #writeVarint} takes for {@code value}. */
  static int varintLength(long value) {
    long zigZag = (value << 1) ^ (value >> 63);
    return (63 - Long.numberOfLeadingZeros(zigZag | 1)) / 7 + 1;
  }

  /**
   * Writes one zig-zag varint at {@code at}, which must leave room for {@value #MAX_VARINT_BYTES} bytes.
   *
   * @return the position after it
   */
  public static int writeVarint(long value, byte[] out, int at) {
    long zigZag = (value << 1) ^ (value >> 63);
    while ((zigZag & ~0x7FL) != 0) {
      out[at++] = (byte) ((zigZag & 0x7F) | 0x80);
      zigZag >>>= 7;
    }
    out[at++] = (byte) zigZag;
    return at;
  }

  /**
   * Reads one zig-zag varint.
   *
   * @throws IllegalStateException if it is truncated or overlong (state written by an incompatible version)
   */
  static long readVarint(ByteBuffer in, String what) {
    long zigZag = 0;
    int shift = 0;
    byte b;
    do {
      if (!in.hasRemaining() || shift > 63) {
        throw incompatible(what, "a truncated or overlong varint");
      }
      b = in.get();
      zigZag |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return (zigZag >>> 1) ^ -(zigZag & 1);
  }

  static IllegalStateException incompatible(String what, String found) {
    return new IllegalStateException("Stored " + what + " has " + found + "; the state was written by "
        + "an incompatible version (reset the application with ./feedback360 reset)");
  }
}
