package dev.feedback360.streams.scoring;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Counter arrays of the team state and the rater tallies packed as zig-zag varints, the encoding Avro uses for its
 * own numbers; an all-zero array packs to nothing. Reading checks the count, so state written with another layout
 * fails loudly.
 */
public final class PackedCounters {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  /** The longest varint of a long. */
  public static final int MAX_VARINT_BYTES = 10;

  private PackedCounters() {}

  public static ByteBuffer pack(long[] values) {
    if (isZero(values)) {
      return EMPTY.duplicate();
    }
    byte[] out = new byte[values.length * MAX_VARINT_BYTES];
    int at = 0;
    for (long value : values) {
      at = writeVarint(value, out, at);
    }
    return ByteBuffer.wrap(out, 0, at).slice();
  }

  public static ByteBuffer pack(int[] values) {
    boolean zero = true;
    for (int value : values) {
      if (value != 0) {
        zero = false;
        break;
      }
    }
    if (zero) {
      return EMPTY.duplicate();
    }
    byte[] out = new byte[values.length * 5];
    int at = 0;
    for (int value : values) {
      at = writeVarint(value, out, at);
    }
    return ByteBuffer.wrap(out, 0, at).slice();
  }

  /**
   * Unpacks into {@code into}; an empty buffer means all zero.
   *
   * @throws IllegalStateException if the buffer holds another number of counters than {@code into} has
   */
  public static void unpack(ByteBuffer packed, long[] into, String what) {
    ByteBuffer in = packed.duplicate();
    Arrays.fill(into, 0L);
    int count = 0;
    while (in.hasRemaining()) {
      long value = readVarint(in, what);
      if (count == into.length) {
        throw incompatible(what, "more than " + into.length + " counters");
      }
      into[count++] = value;
    }
    if (count != 0 && count != into.length) {
      throw incompatible(what, count + " counters where " + into.length + " are expected");
    }
  }

  public static void unpack(ByteBuffer packed, int[] into, String what) {
    ByteBuffer in = packed.duplicate();
    Arrays.fill(into, 0);
    int count = 0;
    while (in.hasRemaining()) {
      long value = readVarint(in, what);
      if (count == into.length) {
        throw incompatible(what, "more than " + into.length + " counters");
      }
      into[count++] = Math.toIntExact(value);
    }
    if (count != 0 && count != into.length) {
      throw incompatible(what, count + " counters where " + into.length + " are expected");
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

  private static boolean isZero(long[] values) {
    for (long value : values) {
      if (value != 0) {
        return false;
      }
    }
    return true;
  }

  static IllegalStateException incompatible(String what, String found) {
    return new IllegalStateException("Stored " + what + " has " + found + "; the state was written by "
        + "an incompatible version (reset the application with ./feedback360 reset)");
  }
}
