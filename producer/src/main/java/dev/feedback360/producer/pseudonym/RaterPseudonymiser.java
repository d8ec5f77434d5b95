package dev.feedback360.producer.pseudonym;

import dev.feedback360.security.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces raw rater ids with keyed pseudonyms: the lowercase hex HMAC-SHA256 (64 characters) of the UTF-8 bytes of
 * the raw id under the organisation's secret rater key.
 *
 * <p>The same key always gives the same pseudonym for the same rater, so corrections and withdrawals find the
 * earlier response; without the key the pseudonym cannot be linked back to a person by hashing a list of employee
 * ids. The key must pass {@link RaterKeyRule} (at least {@value #MIN_KEY_BYTES} bytes, not an obvious repetition),
 * whether it comes from a file or from the environment; a key file that its group or others can read is used, with a
 * warning. Neither the key nor raw ids are ever logged or put in messages. Instances are thread-safe.
 */
public final class RaterPseudonymiser {

  /** Environment variable holding the rater key. */
  public static final String KEY_ENV = "FEEDBACK360_RATER_KEY";
  /** Minimum key length in bytes (UTF-8). */
  public static final int MIN_KEY_BYTES = RaterKeyRule.MIN_BYTES;

  /** Domain separator of self-rating pseudonyms (a NUL byte cannot occur in a valid raw id). */
  static final String SELF_DOMAIN = "self\u0000";

  private static final Logger LOG = LoggerFactory.getLogger(RaterPseudonymiser.class);
  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private RaterPseudonymiser(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /**
   * Uses the key given as raw bytes.
   *
   * @param source where the key came from, for messages (for example "key file /etc/rater.key")
   * @throws RaterKeyException when the key does not pass {@link RaterKeyRule}
   */
  public static RaterPseudonymiser withKey(byte[] keyBytes, String source) {
    Objects.requireNonNull(keyBytes, "keyBytes");
    Optional<String> problem = RaterKeyRule.problem(keyBytes);
    if (problem.isPresent()) {
      throw new RaterKeyException("The rater key from " + source + " " + problem.get() + ". Use a random key, "
          + "for example from 'openssl rand -hex 32' (a new key makes every rater new: send earlier exports again "
          + "with it)");
    }
    return new RaterPseudonymiser(keyBytes.clone());
  }

  /**
   * Finds the rater key: the content of {@code keyFile} when given (one trailing line break removed), otherwise the
   * environment variable {@value #KEY_ENV}.
   *
   * @param keyFile the file named by {@code --rater-key-file}, if any; it wins over the environment
   * @param env the process environment, for example {@code System.getenv()}
   * @throws RaterKeyException when neither is given, the file cannot be read, or the key does not pass
   *     {@link RaterKeyRule}
   */
  public static RaterPseudonymiser resolve(Optional<Path> keyFile, Map<String, String> env) {
    if (keyFile.isPresent()) {
      byte[] key = readKeyFile(keyFile.get());
      RaterPseudonymiser pseudonymiser = withKey(key, "key file " + keyFile.get());
      warnIfReadableByOthers(keyFile.get());
      return pseudonymiser;
    }
    String fromEnv = env.get(KEY_ENV);
    if (fromEnv == null || fromEnv.isEmpty()) {
      throw new RaterKeyException("No rater key: set the environment variable " + KEY_ENV + " or pass "
          + "--rater-key-file with a file holding a secret of at least " + MIN_KEY_BYTES + " bytes. The same key "
          + "must be used for every import of the organisation, or corrections will not replace earlier responses");
    }
    return withKey(fromEnv.getBytes(StandardCharsets.UTF_8), "environment variable " + KEY_ENV);
  }

  /** The pseudonym of a raw rater id: 64 lowercase hex characters. */
  public String pseudonymise(String rawRaterId) {
    Objects.requireNonNull(rawRaterId, "rawRaterId");
    return HEX.formatHex(macs.get().doFinal(rawRaterId.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The rater pseudonym of one response. A self-rating's subject id is in clear text next to it, so it gets a
   * pseudonym of its own ({@value #SELF_DOMAIN} + the raw id): otherwise anyone reading the topic could learn the
   * person behind that pseudonym and find their peer, report and manager ratings of others.
   */
  public String pseudonymise(String rawRaterId, String rawSubjectId) {
    Objects.requireNonNull(rawSubjectId, "rawSubjectId");
    return rawRaterId.equals(rawSubjectId) ? pseudonymise(SELF_DOMAIN + rawRaterId) : pseudonymise(rawRaterId);
  }

  @Override
  public String toString() {
    return "RaterPseudonymiser[" + ALGORITHM + ", key hidden]";
  }

  /**
   * Logs one warning when the key file's group or others may read it. File systems without POSIX permissions are
   * not checked.
   */
  static void warnIfReadableByOthers(Path file) {
    SecretFiles.warning(file, "rater key file").ifPresent(LOG::warn);
  }

  private static byte[] readKeyFile(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RaterKeyException("Cannot read the rater key file " + file + " (" + e.getClass().getSimpleName()
          + "); check the path given to --rater-key-file and its permissions", e);
    }
    return stripOneLineBreak(content).getBytes(StandardCharsets.UTF_8);
  }

  private static String stripOneLineBreak(String content) {
    if (content.endsWith("\r\n")) {
      return content.substring(0, content.length() - 2);
    }
    if (content.endsWith("\n")) {
      return content.substring(0, content.length() - 1);
    }
    return content;
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    }
  }
}
