package dev.feedback360.cli;

import dev.feedback360.streams.read.ParticipationReader;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.topics.KafkaConnection;
import java.time.Duration;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The cycles the streams app knows: those with a team on the scores topic or on the participation topic. Both topics
 * are compacted to one record per team, so reading them is cheap; a topic that does not exist (the app has never run)
 * adds no cycle. For the hints of commands whose own input cannot tell a mistyped cycle from an empty one.
 */
final class KnownCycles {

  private KnownCycles() {}

  /**
   * The cycles with a team on {@code scoresTopic} or {@code participationTopic}, sorted.
   *
   * @throws IllegalStateException if Kafka does not answer within the timeout
   */
  static SortedSet<String> read(KafkaConnection kafka, String scoresTopic, String participationTopic,
      Duration timeout) throws InterruptedException {
    Set<String> existing;
    try (Admin admin = kafka.admin()) {
      existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list the topics at " + kafka.bootstrapServers() + " to look up the "
          + "cycles on " + scoresTopic + " and " + participationTopic + " (" + e.getMessage() + "); is a broker "
          + "running there?", e);
    }
    SortedSet<String> cycles = new TreeSet<>();
    if (existing.contains(scoresTopic)) {
      cycles.addAll(new ScoresReader(kafka, timeout).readWithCycles(scoresTopic, null).cycles());
    }
    if (existing.contains(participationTopic)) {
      cycles.addAll(new ParticipationReader(kafka, timeout).readWithCycles(participationTopic, "", null).cycles());
    }
    return cycles;
  }
}
