package dev.feedback360.bench;

import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.read.TopicScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the streams app wrote while draining, topic by topic: its changelog and repartition topics (found by the
 * application id prefix), its output topics and any other topic its producers sent to. For each, the records the
 * app's producers sent (exact) and what a read_committed consumer finds in the topic afterwards (records and key
 * plus value bytes; fewer than sent where compaction or the app's purge of consumed repartition records already
 * removed some).
 */
final class AppWrites {

  private final String bootstrapServers;
  private final Admin admin;

  AppWrites(String bootstrapServers, Admin admin) {
    this.bootstrapServers = bootstrapServers;
    this.admin = admin;
  }

  /**
   * Counts the app's writes once it has caught up.
   *
   * @param applicationId the app's id, the prefix of its internal topics
   * @param outputs the app's output topics
   * @param sent what the app's producers sent, per topic
   * @param responses N, the input records of the drain
   * @param timeout the longest the listing, the wait for open transactions and each topic's read may take
   */
  Figures.Writes measure(String applicationId, Collection<String> outputs, Map<String, StreamsAppProcess.Sent> sent,
      long responses, Duration timeout) throws InterruptedException {
    Set<String> written = new TreeSet<>(internalTopics(applicationId, timeout));
    written.addAll(outputs);
    written.addAll(sent.keySet());
    // Lag 0 means the last transaction's offsets are committed; its markers on the other topics may trail.
    new CatchUp(admin).awaitSettled(written, timeout);
    List<Figures.TopicWrites> topics = new ArrayList<>();
    for (String topic : written) {
      long[] read = read(topic, timeout);
      StreamsAppProcess.Sent byApp = sent.getOrDefault(topic, new StreamsAppProcess.Sent(0, 0, 0));
      topics.add(new Figures.TopicWrites(topic, byApp.records(), byApp.retried(), byApp.batchBytes(), read[0],
          read[1], responses));
    }
    return new Figures.Writes(responses, topics);
  }

  /** The app's changelog and repartition topics: those named {@code <applicationId>-...-changelog/repartition}. */
  private Set<String> internalTopics(String applicationId, Duration timeout) throws InterruptedException {
    try {
      Set<String> internal = new TreeSet<>();
      for (String name : admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        if (name.startsWith(applicationId + "-")
            && (name.endsWith("-changelog") || name.endsWith("-repartition"))) {
          internal.add(name);
        }
      }
      return internal;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot list the topics of " + applicationId + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out listing the topics of " + applicationId, e);
    }
  }

  /**
   * Reads a whole topic with read_committed from the beginning to its end offsets (transaction markers and
   * compaction leave offsets without records); returns {records, key plus value bytes}.
   */
  private long[] read(String topic, Duration timeout) {
    long[] bytes = {0};
    long records = new TopicScan(bootstrapServers, timeout).scan(topic,
        record -> bytes[0] += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize()));
    return new long[] {records, bytes[0]};
  }
}
