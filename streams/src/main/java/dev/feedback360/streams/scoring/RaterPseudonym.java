package dev.feedback360.streams.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A rater pseudonym, 64 lowercase hex characters as the producer writes them, packed as its 32 bytes and back: half
 * the bytes of its text wherever the app keeps raters' ids (the fast replay's keys, a team's pending raters).
 */
public final class RaterPseudonym {

  /** The characters of a pseudonym. */
  public static final int LENGTH = 64;
  /** The bytes of a packed pseudonym. */
  public static final int PACKED_LENGTH = LENGTH / 2;

  /** Per ASCII character: its value as a lowercase hex digit, or -1. */
  private static final byte[] NIBBLES = new byte[128];
  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  static {
    Arrays.fill(NIBBLES, (byte) -1);
    for (int digit = 0; digit < 16; digit++) {
      NIBBLES[DIGITS[digit]] = (byte) digit;
    }
  }

  private RaterPseudonym() {}

  /**
   * Writes the {@value #PACKED_LENGTH} bytes of {@code rater} at {@code at} when it is a pseudonym, in one pass over
   * its characters; {@code out} must have room for them. When it is not, the bytes written there mean nothing.
   *
   * @return whether {@code rater} is a pseudonym (and its bytes were written)
   */
  public static boolean pack(String rater, byte[] out, int at) {
    if (rater.length() != LENGTH) {
      return false;
    }
    int invalid = 0;
    for (int i = 0; i < LENGTH; i += 2) {
      int high = nibble(rater.charAt(i));
      int low = nibble(rater.charAt(i + 1));
      invalid |= high | low;
      out[at++] = (byte) (high << 4 | low);
    }
    return invalid >= 0;
  }

  /** The pseudonym whose {@value #PACKED_LENGTH} bytes start at {@code at}. */
  public static String unpack(byte[] in, int at) {
    byte[] text = new byte[LENGTH];
    for (int i = 0; i < PACKED_LENGTH; i++) {
      int b = in[at + i] & 0xff;
      text[2 * i] = DIGITS[b >>> 4];
      text[2 * i + 1] = DIGITS[b & 0x0f];
    }
    return new String(text, StandardCharsets.US_ASCII);
  }

  /** A lowercase hex digit's value, or -1 for any other character. */
  private static int nibble(char c) {
    return c < NIBBLES.length ? NIBBLES[c] : -1;
  }
}
