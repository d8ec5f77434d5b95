package dev.feedback360.dashboard.query;

/**
 * The scores cannot be answered right now, though they may exist: the app is starting, rebalancing or restoring its
 * state, or the instance that owns the key did not answer. Clients should retry after a short wait; the HTTP layer
 * answers 503 with {@code Retry-After}.
 */
public final class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
