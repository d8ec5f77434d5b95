package dev.feedback360.cli;

import dev.feedback360.streams.read.ParticipationReader;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.topics.KafkaConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cycles the streams app knows: those with a team on the scores topic or on the participation topic. Both topics
 * are compacted to one record per team, so reading them is cheap; a topic that does not exist (the app has never run)
 * adds no cycle. For the hints of commands whose own input cannot tell a mistyped cycle from an empty one.
 */
final class KnownCycles {

  private static final Logger LOG = LoggerFactory.getLogger(KnownCycles.class);

  private KnownCycles() {}

  /**
   * The cycles with a team on {@code scoresTopic} or {@code participationTopic}, sorted; empty when neither topic is
   * listed: the app has not created them yet, or this client's principal may not see them (on a secured cluster the
   * ingest principal sees only the input topics), and either way the cycles cannot be told.
   *
   * @throws IllegalStateException if Kafka does not answer within the timeout
   */
  static Optional<SortedSet<String>> read(KafkaConnection kafka, String scoresTopic, String participationTopic,
      Duration timeout) throws InterruptedException {
    Set<String> existing;
    Admin admin = kafka.admin();
    try {
      existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list the topics at " + kafka.bootstrapServers() + " to look up the "
          + "cycles on " + scoresTopic + " and " + participationTopic + " (" + (e instanceof TimeoutException
              ? "no answer within " + timeout.toMillis() + " ms" : e.getMessage())
          + "); is a broker running there?", e);
    } finally {
      // Without a wait: the answer is in, or was given up on (close() would wait for the call to time out).
      admin.close(Duration.ZERO);
    }
    if (!existing.contains(scoresTopic) && !existing.contains(participationTopic)) {
      return Optional.empty();
    }
    SortedSet<String> cycles = new TreeSet<>();
    if (existing.contains(scoresTopic)) {
      cycles.addAll(new ScoresReader(kafka, timeout).readWithCycles(scoresTopic, null).cycles());
    }
    if (existing.contains(participationTopic)) {
      cycles.addAll(new ParticipationReader(kafka, timeout).readWithCycles(participationTopic, "", null).cycles());
    }
    return Optional.of(cycles);
  }

  /**
   * {@link #read}, or empty after a warning on stderr when the topics cannot be read (and empty without one when
   * neither is listed): the hint comes after the command's own work (a withdrawal sent, an export written), which a
   * failure to check the cycle must not turn into a failed command. The warning says what could not be checked and
   * why; the stack trace goes to the debug log.
   *
   * @param check what the cycles were needed for: {@code "cycle 2026-h1"}
   */
  static Optional<SortedSet<String>> readOrWarn(PrintWriter err, KafkaConnection kafka, String scoresTopic,
      String participationTopic, Duration timeout, String check) throws InterruptedException {
    try {
      return read(kafka, scoresTopic, participationTopic, timeout);
    } catch (IllegalStateException e) {
      LOG.debug("Cannot read the cycles on {} and {}", scoresTopic, participationTopic, e);
      err.println("Warning: could not read " + scoresTopic + " and " + participationTopic + " to check " + check
          + " (" + e.getMessage() + "); compare it with the cycles ./feedback360 scores prints");
      err.flush();
      return Optional.empty();
    }
  }

  /**
   * After a command's own work for {@code cycle}: a line on stderr when the streams app knows other cycles but not
   * this one ({@link CycleHint#unknownCycle}), {@code prefix} before it and {@code consequence} after it; nothing
   * when the cycle is known or the cycles cannot be told.
   */
  static void printIfUnknown(PrintWriter err, KafkaOptions kafka, String cycle, Duration timeout, String prefix,
      String consequence) throws InterruptedException {
    String participationTopic = kafka.topics().participationJson();
    readOrWarn(err, kafka.connection(), kafka.scoresTopic, participationTopic, timeout, "cycle " + cycle)
        .map(known -> CycleHint.unknownCycle(cycle, known, kafka.scoresTopic, participationTopic))
        .ifPresent(unknown -> {
          err.println(prefix + unknown + ". " + consequence);
          err.flush();
        });
  }
}
