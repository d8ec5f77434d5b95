package dev.feedback360.streams.read;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.topics.KafkaConnection;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
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
    return readWithCycles(topic, cycle).teams();
  }

  /**
   * What {@link #read} returns, and the cycles that have scores.
   *
   * @param teams the latest committed scores per team of the cycle asked for, sorted by cycle and team
   * @param cycles every cycle with at least one team's scores (not a tombstone), sorted, whatever cycle was asked for
   */
  public record Scores(List<TeamScores> teams, SortedSet<String> cycles) {}

  /**
   * {@link #read}, with the cycles that have scores, so that an empty answer can say which cycles there are.
   *
   * @param cycle keeps only this cycle's scores when not null
   * @throws IllegalStateException if the topic does not exist or the end is not reached within the timeout
   */
  public Scores readWithCycles(String topic, String cycle) {
    Predicate<TeamKey> wanted = key -> cycle == null || cycle.equals(key.getCycleId());
    Map<TeamKey, TeamScores> latest = new TreeMap<>(BY_CYCLE_AND_TEAM);
    Set<TeamKey> others = new HashSet<>();
    new TopicScan(kafka, timeout).scan(topic, record -> apply(record, wanted, latest, others));
    SortedSet<String> cycles = new TreeSet<>();
    latest.keySet().forEach(key -> cycles.add(key.getCycleId()));
    others.forEach(key -> cycles.add(key.getCycleId()));
    return new Scores(List.copyOf(latest.values()), cycles);
  }

  /**
   * What to check when a record is not Avro at all: the topic read may be one of the JSON topics (an Avro record of
   * another type says what it is; the export names the responses topic's remedy itself).
   */
  private static String notAvroScores(RuntimeException failure) {
    return failure instanceof AvroSerde.WrongRecordTypeException ? ""
        : ". Is it a scores topic? team-scores and replay outputs are; team-scores-json and team-participation-json "
            + "hold JSON, to read with a consumer or the REST API (export --participation --cycle C writes "
            + "participation)";
  }

  /** Keeps the latest scores of a wanted team in {@code latest}, and the key of any other team with scores. */
  private static void apply(ConsumerRecord<byte[], byte[]> record, Predicate<TeamKey> wanted,
      Map<TeamKey, TeamScores> latest, Set<TeamKey> others) {
    TeamKey key;
    try {
      key = AvroSerdes.teamKey().decode(record.key());
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot read the key at " + record.topic() + "-" + record.partition()
          + " offset " + record.offset() + ": " + e.getMessage() + notAvroScores(e), e);
    }
    if (key == null) {
      return;
    }
    if (!wanted.test(key)) {
      if (record.value() == null) {
        others.remove(key);
      } else {
        others.add(key);
      }
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
          + " offset " + record.offset() + ": " + e.getMessage() + notAvroScores(e), e);
    }
  }
}
