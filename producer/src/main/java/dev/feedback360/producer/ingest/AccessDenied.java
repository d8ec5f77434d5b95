package dev.feedback360.producer.ingest;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Why Kafka refused a client, when it did: its credentials (authentication), or what its principal may do
 * (authorization). Either is a configuration error, not a failure that sending the file again would get past.
 */
public enum AccessDenied {
  /** The broker refused the client's credentials (SASL or TLS authentication failed). */
  CREDENTIALS,
  /** The client's principal lacks an ACL for what it tried. */
  PERMISSION;

  /** The refusal anywhere in the failure's cause chain, or null if the failure is not one. */
  public static AccessDenied of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof AuthenticationException) {
        return CREDENTIALS;
      }
      if (cause instanceof AuthorizationException) {
        return PERMISSION;
      }
    }
    return null;
  }
}
