package dev.feedback360.dashboard.http;

/** A request the API refuses on purpose, answered with {@code status} and a JSON error body. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final int retryAfterSeconds;

  ApiException(int status, String error, String message) {
    this(status, error, message, 0);
  }

  /** With a Retry-After header of {@code retryAfterSeconds} (0: none). */
  ApiException(int status, String error, String message, int retryAfterSeconds) {
    super(message);
    this.status = status;
    this.error = error;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  int status() {
    return status;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  String error() {
    return error;
  }
}
