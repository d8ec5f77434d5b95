package dev.feedback360.dashboard.http;

/** A request the API refuses on purpose, answered with {@code status} and a JSON error body. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;

  ApiException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
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

  String error() {
    return error;
  }
}
