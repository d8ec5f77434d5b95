package dev.feedback360.streams.query;

/**
 * A set of int hash codes, open addressing (about 8 bytes an element): a filter in front of a store, where a hash
 * code never added means the key was never written, and two keys sharing a hash code only cost a lookup.
 */
public final class HashCodeSet {

  private int[] slots = new int[16];
  private int size;

  /** Whether {@code hash} was added. */
  public boolean contains(int hash) {
    int stored = stored(hash);
    int mask = slots.length - 1;
    for (int i = mix(stored) & mask; slots[i] != 0; i = (i + 1) & mask) {
      if (slots[i] == stored) {
        return true;
      }
    }
    return false;
  }

  /** Adds {@code hash}; adding it again changes nothing. */
  public void add(int hash) {
    if (contains(hash)) {
      return;
    }
    if ((size + 1) * 2 > slots.length) {
      int[] old = slots;
      slots = new int[old.length * 2];
      for (int value : old) {
        if (value != 0) {
          insert(value);
        }
      }
    }
    insert(stored(hash));
    size++;
  }

  /** The hash codes added. */
  public int size() {
    return size;
  }

  /** 0 marks an empty slot, so hash code 0 is kept as 1: one more shared hash code, which costs a lookup only. */
  private static int stored(int hash) {
    return hash == 0 ? 1 : hash;
  }

  private void insert(int hash) {
    int mask = slots.length - 1;
    int i = mix(hash) & mask;
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = hash;
  }

  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
