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
  /** Per thread (each stream thread packs its own teams), the int counters being packed, widened to longs. */
  private static final ThreadLocal<long[]> WIDENED = ThreadLocal.withInitial(() -> new long[128]);
  /** The longest varint of a long. */
  public static final int MAX_VARINT_BYTES = 10;
  /**
   * By the leading zeros of a zig-zagged value (its lowest bit set, so at most 63): the bytes of its varint. A table,
   * not the division it holds the results of: JMH {@code storeTeamState} 2.2 -> 1.8 us.
   */
  private static final byte[] VARINT_LENGTHS = new byte[64];

  static {
    for (int zeros = 0; zeros < 64; zeros++) {
      VARINT_LENGTHS[zeros] = (byte) ((63 - zeros) / 7 + 1);
    }
  }

  private PackedCounters() {}

  /** The packed form of counters that are all zero, or of none: empty. */
  public static ByteBuffer none() {
    return EMPTY.duplicate();
  }

  public static ByteBuffer pack(long[] values) {
    return pack(values, values.length);
  }

  public static ByteBuffer pack(int[] values) {
    return pack(values, 0, values.length);
  }

  /**
   * Packs {@code values[from..to)} as an array of its own. The ints are widened into a buffer of the calling thread
   * first, so that one loop over longs packs both kinds: loops that read either kind of array, whichever was given,
   * made JMH {@code storeTeamState} take 1.8 us instead of 1.0.
   */
  public static ByteBuffer pack(int[] values, int from, int to) {
    long[] widened = WIDENED.get();
    if (widened.length < to - from) {
      widened = new long[to - from];
      WIDENED.set(widened);
    }
    for (int index = from; index < to; index++) {
      widened[index - from] = values[index];
    }
    return pack(widened, to - from);
  }

  /**
   * Packs {@code values[0..length)}: one pass sizes both forms, the shorter is written into an array of exactly its
   * length. A zero costs the dense form one byte and the sparse form nothing, so the sizing pass skips zeros (most
   * counters of the team state are zero), and the writing pass of the sparse form too.
   */
  private static ByteBuffer pack(long[] values, int length) {
    int nonZero = 0;
    int nonZeroBytes = 0;
    int gapBytes = 0;
    int previous = -1;
    for (int index = 0; index < length; index++) {
      long value = values[index];
      if (value != 0) {
        nonZero++;
        nonZeroBytes += varintLength(value);
        gapBytes += gapLength(index - previous - 1);
        previous = index;
      }
    }
    if (nonZero == 0) {
      return EMPTY.duplicate();
    }
    int dense = nonZeroBytes + (length - nonZero);
    int sparse = varintLength(-(nonZero + 1L)) + gapBytes + nonZeroBytes;
    // A dense array never starts with a negative counter: that is how a reader tells the two forms apart.
    boolean sparseForm = values[0] < 0 || sparse < dense;
    byte[] out = new byte[sparseForm ? sparse : dense];
    if (sparseForm) {
      int at = writeVarint(-(nonZero + 1L), out, 0);
      previous = -1;
      for (int index = 0; index < length; index++) {
        long value = values[index];
        if (value != 0) {
          at = writeVarint(index - previous - 1L, out, at);
          at = writeVarint(value, out, at);
          previous = index;
        }
      }
    } else {
      int at = 0;
      for (int index = 0; index < length; index++) {
        long value = values[index];
        // A zero is the byte 0, which the new array holds already.
        at = value == 0 ? at + 1 : writeVarint(value, out, at);
      }
    }
    return ByteBuffer.wrap(out);
  }

  /** The bytes of a gap between two counters' indexes (never negative): one below 64, as most are. */
  private static int gapLength(int gap) {
    return gap < 64 ? 1 : varintLength(gap);
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
    return VARINT_LENGTHS[Long.numberOfLeadingZeros(zigZag | 1)];
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
