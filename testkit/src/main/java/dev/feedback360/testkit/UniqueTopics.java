package dev.feedback360.testkit;

import dev.feedback360.topics.Topics;
import java.util.UUID;

/** Topic names no other test uses, so that tests sharing a broker never see each other's data. */
public final class UniqueTopics {

  private UniqueTopics() {}

  /** Eight random hex digits, to append to topic names and application ids. */
  public static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** The app's four topics, each named after its role and {@code suffix}. */
  public static Topics withSuffix(String suffix) {
    return new Topics("responses-" + suffix, "scores-" + suffix, "scores-json-" + suffix, "dlq-" + suffix);
  }

  /** The app's four topics under a fresh {@link #suffix()}. */
  public static Topics create() {
    return withSuffix(suffix());
  }
}
