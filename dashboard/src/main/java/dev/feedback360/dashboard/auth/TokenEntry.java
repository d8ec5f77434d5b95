package dev.feedback360.dashboard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One line of the tokens file: the SHA-256 of a token (never the token), its scope, when it was made and a label.
 *
 * @param hash SHA-256 of the token's UTF-8 bytes, 32 bytes
 */
public record TokenEntry(byte[] hash, Scope scope, Instant created, String label) {

  public TokenEntry {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(label, "label");
    if (hash == null || hash.length != 32) {
      throw new IllegalArgumentException("A token hash is 32 bytes (SHA-256)");
    }
    hash = hash.clone();
  }

  /** The entry of a token, hashed here. */
  public static TokenEntry of(String token, Scope scope, Instant created, String label) {
    return new TokenEntry(sha256(token), scope, created, label);
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  /** A name for logs and peer credentials: the first 16 hex digits of the hash. */
  public String id() {
    return HexFormat.of().formatHex(hash, 0, 8);
  }

  /** The principal a request made with this token acts as. */
  public Principal principal() {
    return new Principal(id(), label, scope);
  }

  /** Whether {@code candidate} is the hash of this entry's token, in time independent of where they differ. */
  boolean matches(byte[] candidate) {
    return MessageDigest.isEqual(hash, candidate);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This Java runtime has no SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenEntry that && MessageDigest.isEqual(hash, that.hash) && scope.equals(that.scope)
        && created.equals(that.created) && label.equals(that.label);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "TokenEntry[id=" + id() + ", scope=" + scope.describe() + ", created=" + created + ", label=" + label + "]";
  }
}
