package dev.feedback360.dashboard.auth;

/**
 * Who a request comes from: a token of the tokens file (named by the first hex digits of its hash, never by the
 * token), or nobody in particular when authentication is off.
 *
 * @param id the token's id (the first 16 hex digits of its SHA-256), or {@code "anonymous"}
 * @param label the label given when the token was made
 * @param scope what it may read
 */
public record Principal(String id, String label, Scope scope) {

  /** When authentication is off ({@code --http-auth none}, loopback only): everything. */
  public static final Principal ANONYMOUS = new Principal("anonymous", "authentication off", Scope.all());
}
