package dev.feedback360.streams.read;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.topics.KafkaConnection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a team-scores topic from the beginning up to its current end with {@code read_committed}, and returns the
 * latest record per team (a tombstone removes the team). Uses no consumer group: nothing is committed.
 */
public final class ScoresReader {

  private static final Comparator<TeamKey> BY_CYCLE_AND_TEAM =
      Comparator.comparing(TeamKey::getCycleId).thenComparing(TeamKey::getTeamId);

  private final KafkaConnection kafka;
  private final Duration timeout;

  /** A reader of a PLAINTEXT cluster without client properties. */
  public ScoresReader(String bootstrapServers, Duration timeout) {
    this(KafkaConnection.plaintext(bootstrapServers), timeout);
  }

  public ScoresReader(KafkaConnection kafka, Duration timeout) {
    this.kafka = kafka;
    this.timeout = timeout;
  }

  /**
   * The latest committed scores per team, sorted by cycle and team.
   *
   * @param cycle keeps only this cycle when not null
   * @throws IllegalStateException if the topic does not exist or the end is not reached within the timeout
   */
  public List<TeamScores> read(String topic, String cycle) {
    Predicate<TeamKey> wanted = key -> cycle == null || cycle.equals(key.getCycleId());
    Map<TeamKey, TeamScores> latest = new TreeMap<>(BY_CYCLE_AND_TEAM);
    new TopicScan(kafka, timeout).scan(topic, record -> apply(record, wanted, latest));
    return List.copyOf(latest.values());
  }

  private static void apply(ConsumerRecord<byte[], byte[]> record, Predicate<TeamKey> wanted,
      Map<TeamKey, TeamScores> latest) {
    TeamKey key;
    try {
      key = AvroSerdes.teamKey().decode(record.key());
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot read the key at " + record.topic() + "-" + record.partition()
          + " offset " + record.offset() + ": " + e.getMessage(), e);
    }
    if (key == null || !wanted.test(key)) {
      return;
    }
    if (record.value() == null) {
      latest.remove(key);
      return;
    }
    try {
      latest.put(key, AvroSerdes.teamScores().decode(record.value()));
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot read team scores at " + record.topic() + "-" + record.partition()
          + " offset " + record.offset() + ": " + e.getMessage(), e);
    }
  }
}
