package dev.feedback360.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's refusals as a person should read them. A broker that refuses a forwarded request (ACLs created through a
 * KRaft controller, for instance) says {@code Request Request(processor=2, connectionId=..., session=...,
 * buffer=..., envelope=...) needs ALTER permission.}: the dump of its internal request object says nothing to the
 * operator; the permission does.
 */
public final class BrokerMessages {

  private static final Pattern REQUEST_NEEDS =
      Pattern.compile("Request Request\\(.*\\) needs (\\w+) permission\\.?", Pattern.DOTALL);

  private BrokerMessages() {}

  /** The message with any dump of a broker-internal request replaced by what it says is missing; null stays null. */
  public static String shorten(String message) {
    if (message == null) {
      return null;
    }
    Matcher matcher = REQUEST_NEEDS.matcher(message);
    return matcher.find() ? matcher.replaceAll("the request needs $1 permission") : message;
  }

  /** The permission a refusal names ({@code ALTER} of {@code ... needs ALTER permission}), or null. */
  public static String missingPermission(String message) {
    if (message == null) {
      return null;
    }
    Matcher matcher = Pattern.compile("needs (\\w+) permission").matcher(message);
    return matcher.find() ? matcher.group(1) : null;
  }
}
