package dev.feedback360.streams.scoring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The raters of one team whose contribution to some part (rater group x cell) differs from what is published of that
 * part, with the net change since. A rater whose changes cancel out (a correction reverted before publication) leaves
 * again, so a part's pending raters are exactly the raters who would differ if the part were published now. The
 * publication rule keeps fewer than N raters per part here, so the state stays small whatever the corrections.
 */
final class PendingChanges {

  /** One rater's pending changes. Parts are bits {@code group * CELLS + cell} of a long (30 parts). */
  static final class Rater {
    /** Parts on which the rater's contribution differs from the published one. */
    long parts;
    /** Per part: whether the rater had a score there as published (meaningful for pending parts only). */
    long presentAsPublished;
    /** Per part: whether the rater has a score there now (kept up to date while the rater is pending). */
    long presentNow;
    /** Per part, at part * 3: change in n, sum and sum of squares since the part was published. */
    final long[] delta = new long[TeamAggregate.PARTS * 3];

    /** Whether the rater has a score on the part as published (pending or not). */
    boolean publishedPresence(int part) {
      long bit = 1L << part;
      return ((parts & bit) != 0 ? presentAsPublished & bit : presentNow & bit) != 0;
    }
  }

  private final Map<String, Rater> raters = new LinkedHashMap<>();

  /**
   * Records a change of one rater on one part.
   *
   * @param presentBefore the rater's presence on every part before the change
   * @param presentAfter the rater's presence on every part after it
   * @return whether the rater is now pending on the part
   */
  boolean record(String rater, int part, long n, long sum, long sumOfSquares, long presentBefore, long presentAfter) {
    Rater pending = raters.get(rater);
    long bit = 1L << part;
    if (pending == null) {
      pending = new Rater();
      raters.put(rater, pending);
    }
    if ((pending.parts & bit) == 0) {
      pending.parts |= bit;
      pending.presentAsPublished = (pending.presentAsPublished & ~bit) | (presentBefore & bit);
    }
    pending.presentNow = presentAfter;
    int at = part * 3;
    pending.delta[at] += n;
    pending.delta[at + 1] += sum;
    pending.delta[at + 2] += sumOfSquares;
    boolean stillPending = pending.delta[at] != 0 || pending.delta[at + 1] != 0 || pending.delta[at + 2] != 0;
    if (!stillPending) {
      pending.parts &= ~bit;
    }
    if (pending.parts == 0) {
      raters.remove(rater);
    }
    return stillPending;
  }

  /** Keeps a rater's current presence up to date after a change that left none of their parts pending. */
  void presence(String rater, long presentNow) {
    Rater pending = raters.get(rater);
    if (pending != null) {
      pending.presentNow = presentNow;
    }
  }

  /** Raters pending on the part. */
  int count(int part) {
    long bit = 1L << part;
    int count = 0;
    for (Rater pending : raters.values()) {
      if ((pending.parts & bit) != 0) {
        count++;
      }
    }
    return count;
  }

  /** Distinct raters pending on any of the parts. */
  int countAny(long parts) {
    int count = 0;
    for (Rater pending : raters.values()) {
      if ((pending.parts & parts) != 0) {
        count++;
      }
    }
    return count;
  }

  /** Every rater pending on the part, for publishing it; {@link #published} takes them off it. */
  Iterable<Map.Entry<String, Rater>> on(int part) {
    long bit = 1L << part;
    return () -> raters.entrySet().stream().filter(e -> (e.getValue().parts & bit) != 0).iterator();
  }

  /** The part was published: none of its raters is pending on it any more. */
  void published(int part) {
    long bit = 1L << part;
    Iterator<Rater> all = raters.values().iterator();
    while (all.hasNext()) {
      Rater pending = all.next();
      if ((pending.parts & bit) != 0) {
        pending.parts &= ~bit;
        Arrays.fill(pending.delta, part * 3, part * 3 + 3, 0L);
        if (pending.parts == 0) {
          all.remove();
        }
      }
    }
  }

  boolean isEmpty() {
    return raters.isEmpty();
  }

  /**
   * Packs as: per rater, the UTF-8 id (length, bytes), parts, presence as published and now (the pending parts'
   * bits only for the former), then n, sum and sum of squares of each pending part in part order; all numbers
   * zig-zag varints.
   */
  ByteBuffer pack() {
    if (raters.isEmpty()) {
      return ByteBuffer.allocate(0);
    }
    Varints out = new Varints();
    for (Map.Entry<String, Rater> entry : raters.entrySet()) {
      byte[] id = entry.getKey().getBytes(StandardCharsets.UTF_8);
      Rater pending = entry.getValue();
      out.write(id.length);
      out.write(id);
      out.write(pending.parts);
      out.write(pending.presentAsPublished & pending.parts);
      out.write(pending.presentNow);
      for (int part = 0; part < TeamAggregate.PARTS; part++) {
        if ((pending.parts & (1L << part)) != 0) {
          out.write(pending.delta[part * 3]);
          out.write(pending.delta[part * 3 + 1]);
          out.write(pending.delta[part * 3 + 2]);
        }
      }
    }
    return out.toBuffer();
  }

  static PendingChanges unpack(ByteBuffer packed) {
    PendingChanges changes = new PendingChanges();
    ByteBuffer in = packed.duplicate();
    while (in.hasRemaining()) {
      int length = Math.toIntExact(Varints.read(in));
      if (length < 0 || length > in.remaining()) {
        throw new IllegalStateException("Stored pending changes hold a rater id of " + length + " bytes where "
            + in.remaining() + " remain; the state was written by an incompatible version (reset the application "
            + "with ./feedback360 reset)");
      }
      byte[] id = new byte[length];
      in.get(id);
      Rater pending = new Rater();
      pending.parts = Varints.read(in);
      pending.presentAsPublished = Varints.read(in);
      pending.presentNow = Varints.read(in);
      for (int part = 0; part < TeamAggregate.PARTS; part++) {
        if ((pending.parts & (1L << part)) != 0) {
          pending.delta[part * 3] = Varints.read(in);
          pending.delta[part * 3 + 1] = Varints.read(in);
          pending.delta[part * 3 + 2] = Varints.read(in);
        }
      }
      changes.raters.put(new String(id, StandardCharsets.UTF_8), pending);
    }
    return changes;
  }

  /** Zig-zag varints, as Avro writes its numbers. */
  private static final class Varints {
    private byte[] bytes = new byte[64];
    private int size;

    void write(long value) {
      long zigZag = (value << 1) ^ (value >> 63);
      ensure(10);
      while ((zigZag & ~0x7FL) != 0) {
        bytes[size++] = (byte) ((zigZag & 0x7F) | 0x80);
        zigZag >>>= 7;
      }
      bytes[size++] = (byte) zigZag;
    }

    void write(byte[] raw) {
      ensure(raw.length);
      System.arraycopy(raw, 0, bytes, size, raw.length);
      size += raw.length;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    ByteBuffer toBuffer() {
      return ByteBuffer.wrap(bytes, 0, size).slice();
    }

    static long read(ByteBuffer in) {
      long zigZag = 0;
      int shift = 0;
      byte b;
      do {
        if (!in.hasRemaining() || shift > 63) {
          throw new IllegalStateException("Stored pending changes end in a truncated or overlong number; the state "
              + "was written by an incompatible version (reset the application with ./feedback360 reset)");
        }
        b = in.get();
        zigZag |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      return (zigZag >>> 1) ^ -(zigZag & 1);
    }
  }
}
