package dev.feedback360.streams.scoring;

import java.util.Arrays;

/**
 * A set of longs in insertion order, without a box per value: the sums and differences the publication rule's
 * searches build per change (a {@code HashSet<Long>} in the search for answers moved between cells took a fifth of
 * the fast replay's CPU, most of it boxing and hashing). Open addressing over an index of the values' places. Emptied
 * in constant time ({@link #clear}), so that a search can reuse one set instead of allocating its own.
 */
public final class LongSet {

  private long[] values;
  private int size;
  /** Per slot, one more than the place in {@link #values} of the value hashed there, where {@link #stamps} is current. */
  private int[] slots;
  /** Per slot, the {@link #generation} in which it was filled: a slot of an earlier one is empty. */
  private int[] stamps;
  private int generation = 1;

  public LongSet(int expected) {
    values = new long[Math.max(4, expected)];
    slots = new int[Integer.highestOneBit(Math.max(4, expected) * 2 - 1) * 2];
    stamps = new int[slots.length];
  }

  /** Adds the value; whether it was not there yet. */
  public boolean add(long value) {
    int slot = slotOf(value);
    if (stamps[slot] == generation) {
      return false;
    }
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size] = value;
    slots[slot] = ++size;
    stamps[slot] = generation;
    if (size * 2 > slots.length) {
      rehash();
    }
    return true;
  }

  public boolean contains(long value) {
    return stamps[slotOf(value)] == generation;
  }

  public int size() {
    return size;
  }

  /** The value at {@code place}, in the order they were added. */
  public long get(int place) {
    return values[place];
  }

  /** Empties the set, keeping its arrays. */
  public void clear() {
    size = 0;
    if (++generation == 0) {
      // After 2^32 clears: every stamp may be taken again, so none may stay.
      Arrays.fill(stamps, 0);
      generation = 1;
    }
  }

  /** The slot holding the value, or the empty slot where it would go. */
  private int slotOf(long value) {
    int mask = slots.length - 1;
    int slot = Long.hashCode(value * 0x9E3779B97F4A7C15L) & mask;
    while (stamps[slot] == generation && values[slots[slot] - 1] != value) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    stamps = new int[slots.length];
    int mask = slots.length - 1;
    for (int place = 0; place < size; place++) {
      int slot = Long.hashCode(values[place] * 0x9E3779B97F4A7C15L) & mask;
      while (stamps[slot] == generation) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = place + 1;
      stamps[slot] = generation;
    }
  }
}
