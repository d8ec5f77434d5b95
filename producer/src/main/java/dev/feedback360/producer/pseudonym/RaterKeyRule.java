package dev.feedback360.producer.pseudonym;

import java.util.Optional;

/**
 * The rule a rater key must pass before it is used: it catches keys that are obviously not random, such as a
 * repeated character or a short repeated pattern, whatever their length. A key is accepted when
 * <ol>
 *   <li>it is at least {@value #MIN_BYTES} bytes long,</li>
 *   <li>it holds at least {@value #MIN_DISTINCT_BYTES} different byte values, and</li>
 *   <li>it is not a shorter block repeated: it has no period {@code p} with {@code 2p <= length}, that is no
 *       {@code p} for which {@code key[i] == key[i + p]} for every {@code i} ({@code abab...}, {@code 0123 0123 ...},
 *       also when the last copy is cut short).</li>
 * </ol>
 * A random key passes: 32 random bytes written as hex ({@code openssl rand -hex 32}) have about 16 different
 * characters. The rule is a check for mistakes, not a password strength meter: a 16-character phrase passes it.
 */
public final class RaterKeyRule {

  /** Minimum key length in bytes. */
  public static final int MIN_BYTES = 16;
  /** Minimum number of different byte values. */
  public static final int MIN_DISTINCT_BYTES = 8;

  private RaterKeyRule() {}

  /**
   * What is wrong with a key, in plain words that never show the key, or empty when it passes the rule.
   */
  public static Optional<String> problem(byte[] key) {
    if (key.length < MIN_BYTES) {
      return Optional.of("is " + key.length + " bytes long; it must be at least " + MIN_BYTES + " bytes");
    }
    int distinct = distinctBytes(key);
    if (distinct < MIN_DISTINCT_BYTES) {
      return Optional.of("uses only " + distinct + " different byte value" + (distinct == 1 ? "" : "s")
          + "; it must use at least " + MIN_DISTINCT_BYTES);
    }
    int period = smallestPeriod(key);
    if (2 * period <= key.length) {
      return Optional.of("is a block of " + period + " bytes repeated; it must not repeat a shorter pattern");
    }
    return Optional.empty();
  }

  private static int distinctBytes(byte[] key) {
    boolean[] seen = new boolean[256];
    int distinct = 0;
    for (byte b : key) {
      if (!seen[b & 0xFF]) {
        seen[b & 0xFF] = true;
        distinct++;
      }
    }
    return distinct;
  }

  /**
   * The smallest {@code p > 0} with {@code key[i] == key[i + p]} for every valid {@code i}: the length minus the
   * longest proper prefix that is also a suffix (the Knuth-Morris-Pratt failure function), in linear time.
   */
  static int smallestPeriod(byte[] key) {
    int[] border = new int[key.length];
    for (int i = 1; i < key.length; i++) {
      int k = border[i - 1];
      while (k > 0 && key[i] != key[k]) {
        k = border[k - 1];
      }
      border[i] = key[i] == key[k] ? k + 1 : 0;
    }
    return key.length - (key.length == 0 ? 0 : border[key.length - 1]);
  }
}
