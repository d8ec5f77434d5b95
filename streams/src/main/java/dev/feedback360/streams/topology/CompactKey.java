package dev.feedback360.streams.topology;

import dev.feedback360.streams.scoring.RaterPseudonym;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable buffer that writes the fold's keys compactly and injectively: strings as a length and their UTF-8
 * bytes, a rater pseudonym (64 lowercase hex characters, as the producer writes them) as its 32 bytes, any other
 * rater id as its UTF-8 bytes behind a different tag. About half the bytes of a key's Avro single-object encoding,
 * for a fold that keeps a million of them. Not thread-safe; the bytes are valid until the next {@link #clear}.
 */
final class CompactKey {

  private static final byte HEX_RATER = 0;
  private static final byte TEXT_RATER = 1;

  private byte[] bytes = new byte[128];
  private int size;

  CompactKey clear() {
    size = 0;
    return this;
  }

  CompactKey putInt(int value) {
    ensure(4);
    bytes[size] = (byte) (value >>> 24);
    bytes[size + 1] = (byte) (value >>> 16);
    bytes[size + 2] = (byte) (value >>> 8);
    bytes[size + 3] = (byte) value;
    size += 4;
    return this;
  }

  /** The string's length, then its UTF-8 bytes. */
  CompactKey putString(String value) {
    if (isAscii(value)) {
      putLength(value.length());
      ensure(value.length());
      for (int i = 0; i < value.length(); i++) {
        bytes[size++] = (byte) value.charAt(i);
      }
    } else {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      putLength(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, bytes, size, utf8.length);
      size += utf8.length;
    }
    return this;
  }

  /**
   * A rater id, the last field of a key: a pseudonym as 32 bytes, anything else as its UTF-8 text. One pass over the
   * characters (the fold packs two pseudonyms per response).
   */
  CompactKey putRater(String rater) {
    if (rater.length() == RaterPseudonym.LENGTH) {
      ensure(1 + RaterPseudonym.PACKED_LENGTH);
      if (RaterPseudonym.pack(rater, bytes, size + 1)) {
        bytes[size] = HEX_RATER;
        size += 1 + RaterPseudonym.PACKED_LENGTH;
        return this;
      }
    }
    ensure(1);
    bytes[size++] = TEXT_RATER;
    return putString(rater);
  }

  byte[] bytes() {
    return bytes;
  }

  int size() {
    return size;
  }

  private void putLength(int length) {
    ensure(5);
    int left = length;
    while ((left & ~0x7f) != 0) {
      bytes[size++] = (byte) ((left & 0x7f) | 0x80);
      left >>>= 7;
    }
    bytes[size++] = (byte) left;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  private static boolean isAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
