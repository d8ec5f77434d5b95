package dev.feedback360.dashboard.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How one instance of the app vouches for its caller to another: a request forwarded on behalf of token {@code T}
 * carries
 *
 * <pre>X-Feedback360-Peer: &lt;id of T&gt;.&lt;expiry, epoch seconds&gt;.&lt;HMAC-SHA256&gt;</pre>
 *
 * keyed with T's hash from the tokens file, over the id, the expiry, the method and the path with its query. The
 * peer finds T's entry in its own copy of the file, checks the HMAC and the expiry, and answers with T's scope: so
 * only an instance that holds the shared tokens file can speak for a token, for one request and for
 * {@link #VALIDITY} at most, and never with a wider scope than the caller's.
 *
 * <p>Instances of this version answer every request on their own and forward none; they still accept a request an
 * instance of an earlier version forwards or gathers from them (signed so) during a rolling upgrade. {@link #sign} is
 * the format's reference.
 */
public final class PeerCredential {

  /** The request header. */
  public static final String HEADER = "X-Feedback360-Peer";
  /** How long a signed request is accepted (clocks of the instances may differ by this much). */
  static final Duration VALIDITY = Duration.ofSeconds(60);

  private PeerCredential() {}

  /** The header value for a request made on behalf of {@code entry}. */
  public static String sign(TokenEntry entry, String method, String pathAndQuery, Instant now) {
    long expires = now.plus(VALIDITY).getEpochSecond();
    return entry.id() + "." + expires + "." + mac(entry, expires, method, pathAndQuery);
  }

  /** The entry the header speaks for, if it is valid for this request now. */
  public static Optional<TokenEntry> verify(String header, String method, String pathAndQuery, Tokens tokens,
      Instant now) {
    if (header == null) {
      return Optional.empty();
    }
    String[] parts = header.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    long expires;
    try {
      expires = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    long seconds = now.getEpochSecond();
    if (expires < seconds || expires > seconds + 2 * VALIDITY.toSeconds()) {
      return Optional.empty();
    }
    byte[] presented = parts[2].getBytes(StandardCharsets.US_ASCII);
    for (TokenEntry entry : tokens.byId(parts[0])) {
      byte[] expected = mac(entry, expires, method, pathAndQuery).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, presented)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  private static String mac(TokenEntry entry, long expires, String method, String pathAndQuery) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(entry.hash(), "HmacSHA256"));
      String message = "feedback360-peer\n" + entry.id() + "\n" + expires + "\n" + method + " " + pathAndQuery;
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java runtime has no HmacSHA256", e);
    }
  }
}
