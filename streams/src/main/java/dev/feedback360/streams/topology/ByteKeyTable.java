package dev.feedback360.streams.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An open-addressing hash table from byte strings to dense ids {@code 0..size()-1}, for the fast replay's per-key
 * and per-rater state: the keys live in large shared byte arrays and callers keep their values in primitive arrays
 * indexed by id, so a million keys are a few arrays, not millions of objects for the garbage collector to trace.
 * Keys are never removed. Not thread-safe.
 */
final class ByteKeyTable {

  /**
   * Size of the shared byte arrays keys are appended to. Under half of G1's smallest region (1 MiB), so a chunk is an
   * ordinary object: at 1 MiB each chunk was a humongous object taking two whole regions, and the fold's chunks
   * held twice the heap their bytes needed (a million responses: 150 MiB more, at the edge of a 512 MiB heap).
   */
  static final int CHUNK = 256 * 1024;

  private final List<byte[]> chunks = new ArrayList<>();
  private int used = CHUNK;
  /** Per id: chunk index << 32 | offset of the key's bytes. */
  private long[] where = new long[1024];
  private int[] lengths = new int[1024];
  /**
   * Per slot: the key's hash in the high half, its id + 1 in the low half; 0 = empty. A probe compares hashes
   * without reading the key's other arrays (a million keys: each read elsewhere is a cache miss).
   */
  private long[] slots = new long[2048];
  private int size;

  int size() {
    return size;
  }

  /** The id of the key, or -1 when absent. */
  int find(byte[] key, int offset, int length) {
    return find(key, offset, length, hash(key, offset, length));
  }

  private int find(byte[] key, int offset, int length, int hash) {
    int mask = slots.length - 1;
    for (int slot = hash & mask;; slot = (slot + 1) & mask) {
      long entry = slots[slot];
      if (entry == 0) {
        return -1;
      }
      int id = (int) entry - 1;
      if ((int) (entry >>> 32) == hash && equal(id, key, offset, length)) {
        return id;
      }
    }
  }

  /** The id of the key, added when absent. */
  int findOrAdd(byte[] key, int offset, int length) {
    int hash = hash(key, offset, length);
    int found = find(key, offset, length, hash);
    return found >= 0 ? found : add(key, offset, length, hash);
  }

  private int add(byte[] key, int offset, int length, int hash) {
    if (chunks.isEmpty() || used + length > CHUNK) {
      // A key longer than a chunk (a hostile withdrawal's key is checked by nothing but the broker's record size)
      // gets an array of its own; the next key starts a new chunk.
      chunks.add(new byte[Math.max(CHUNK, length)]);
      used = 0;
    }
    byte[] chunk = chunks.get(chunks.size() - 1);
    System.arraycopy(key, offset, chunk, used, length);
    int id = size++;
    if (id == where.length) {
      where = Arrays.copyOf(where, id * 2);
      lengths = Arrays.copyOf(lengths, id * 2);
    }
    where[id] = ((long) (chunks.size() - 1) << 32) | used;
    lengths[id] = length;
    used += length;
    place(slots, (long) hash << 32 | (id + 1L));
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return id;
  }

  private static void place(long[] slots, long entry) {
    int mask = slots.length - 1;
    int slot = (int) (entry >>> 32) & mask;
    while (slots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = entry;
  }

  private void rehash(int capacity) {
    long[] larger = new long[capacity];
    for (long entry : slots) {
      if (entry != 0) {
        place(larger, entry);
      }
    }
    slots = larger;
  }

  private boolean equal(int id, byte[] key, int offset, int length) {
    if (lengths[id] != length) {
      return false;
    }
    byte[] chunk = chunks.get((int) (where[id] >>> 32));
    int at = (int) where[id];
    return Arrays.equals(chunk, at, at + length, key, offset, offset + length);
  }

  private static int hash(byte[] key, int offset, int length) {
    int hash = 1;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + key[i];
    }
    return hash ^ (hash >>> 16);
  }
}
