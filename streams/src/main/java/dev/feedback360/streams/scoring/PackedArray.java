package dev.feedback360.streams.scoring;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The packed form of one of a team's counter arrays as it was last packed, handed out again while the array holds
 * the same counters. A team's state is written on every change, and most changes move a few of its arrays only (what
 * is published moves only when a part is published): comparing an array with a copy costs far less than packing it.
 * The copy, not a flag set by every code path that writes the array, is what says whether it moved.
 */
final class PackedArray {

  private long[] wideAsPacked;
  private int[] narrowAsPacked;
  private ByteBuffer packed;

  /** {@link PackedCounters#pack(long[])} of the values, packed again only if they changed since the last call. */
  ByteBuffer of(long[] values) {
    if (packed == null || !Arrays.equals(values, wideAsPacked)) {
      packed = PackedCounters.pack(values);
      if (wideAsPacked == null || wideAsPacked.length != values.length) {
        wideAsPacked = values.clone();
      } else {
        System.arraycopy(values, 0, wideAsPacked, 0, values.length);
      }
    }
    // A view of its own: whoever reads it may move its position.
    return packed.duplicate();
  }

  /** {@link PackedCounters#pack(int[])} of the values, packed again only if they changed since the last call. */
  ByteBuffer of(int[] values) {
    if (packed == null || !Arrays.equals(values, narrowAsPacked)) {
      packed = PackedCounters.pack(values);
      if (narrowAsPacked == null || narrowAsPacked.length != values.length) {
        narrowAsPacked = values.clone();
      } else {
        System.arraycopy(values, 0, narrowAsPacked, 0, values.length);
      }
    }
    return packed.duplicate();
  }
}
