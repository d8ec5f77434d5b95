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
    int nonZero = 0;
    for (long value : values) {
      if (value != 0) {
        nonZero++;
      }
    }
    if (nonZero == 0) {
      return EMPTY.duplicate();
    }
    byte[] out = new byte[values.length * MAX_VARINT_BYTES];
    int at = 0;
    for (long value : values) {
      at = writeVarint(value, out, at);
    }
    // A sparse entry takes two bytes at least, a dense zero one: write the sparse form only when it may be shorter.
    if (values[0] >= 0 && at <= 2 * nonZero + 1) {
      return ByteBuffer.wrap(out, 0, at).slice();
    }
    byte[] sparse = new byte[(2 * nonZero + 1) * MAX_VARINT_BYTES];
    int sparseAt = writeVarint(-(nonZero + 1L), sparse, 0);
    int previous = -1;
    for (int index = 0; index < values.length; index++) {
      if (values[index] != 0) {
        sparseAt = writeVarint(index - previous - 1L, sparse, sparseAt);
        sparseAt = writeVarint(values[index], sparse, sparseAt);
        previous = index;
      }
    }
    return values[0] < 0 || sparseAt < at ? ByteBuffer.wrap(sparse, 0, sparseAt).slice()
        : ByteBuffer.wrap(out, 0, at).slice();
  }

  public static ByteBuffer pack(int[] values) {
    long[] wide = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      wide[i] = values[i];
    }
    return pack(wide);
  }

  /**
   * Unpacks into {@code into}; an empty buffer means all zero.
   *
   * @throws IllegalStateException if the buffer holds another number of counters than {@code into} has
   */
  public static void unpack(ByteBuffer packed, long[] into, String what) {
    ByteBuffer in = packed.duplicate();
    Arrays.fill(into, 0L);
    if (!in.hasRemaining()) {
      return;
    }
    long first = readVarint(in, what);
    if (first < 0) {
      unpackSparse(in, -(first + 1), into, what);
      return;
    }
    into[0] = first;
    int count = 1;
    while (in.hasRemaining()) {
      long value = readVarint(in, what);
      if (count == into.length) {
        throw incompatible(what, "more than " + into.length + " counters");
      }
      into[count++] = value;
    }
    if (count != into.length) {
      throw incompatible(what, count + " counters where " + into.length + " are expected");
    }
  }

  public static void unpack(ByteBuffer packed, int[] into, String what) {
    long[] wide = new long[into.length];
    unpack(packed, wide, what);
    for (int i = 0; i < into.length; i++) {
      into[i] = Math.toIntExact(wide[i]);
    }
  }

  private static void unpackSparse(ByteBuffer in, long entries, long[] into, String what) {
    long index = -1;
    for (long entry = 0; entry < entries; entry++) {
      long gap = readVarint(in, what);
      if (gap < 0 || gap >= into.length - index - 1) {
        throw incompatible(what, "a counter " + gap + " after index " + index + " where " + into.length
            + " are expected");
      }
      index += gap + 1;
      into[(int) index] = readVarint(in, what);
    }
    if (in.hasRemaining()) {
      throw incompatible(what, in.remaining() + " bytes after its " + entries + " sparse counters");
    }
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
