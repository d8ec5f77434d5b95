package dev.feedback360.streams.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.AxesScores;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The newest records of a scores topic (the last {@value #TAIL} of each partition, read_committed) and the rule they
 * were published under: what a replay compares its own rule with (production's Avro topic; docs/privacy.md,
 * "Replays"), and what the streams app compares its rule with when it starts (its JSON mirror, which its principal
 * may read; docs/operations.md, "Upgrading with no downtime").
 *
 * @param records what each record read says of its rule, oldest first per partition; tombstones left out
 * @param newest the last record written to each partition that has one (by offset: record times are event times)
 */
public record ScoresTail(List<Published> records, List<Published> newest) {

  /** Records read from the end of each partition. */
  static final int TAIL = 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] AXES = {"CHANGE", "FOCUS", "HORIZON"};
  private static final String[] POLES = {"leader", "manager"};

  /**
   * What one record says of the rule it was published under.
   *
   * @param sdShown whether a cell it shows over two or more answers has an sd; null when it shows no such cell
   */
  public record Published(String cycleId, Instant updatedAt, int minRaters, int minChange, Boolean sdShown) {

    /** The record of the Avro scores topic. */
    public static Published of(TeamScores scores) {
      CellScores shown = shownCell(scores);
      return new Published(scores.getCycleId(), scores.getUpdatedAt(), scores.getMinRaters(), scores.getMinChange(),
          shown == null ? null : shown.getSd() != null);
    }

    /** The record of the JSON mirror (the contract of {@code TeamScoresJson}; one without minChange reads N = 1). */
    static Published ofJson(JsonNode scores) {
      Boolean sdShown = null;
      for (String axis : AXES) {
        for (String pole : POLES) {
          JsonNode cell = scores.path("axes").path(axis).path(pole);
          if (sdShown == null && !cell.path("mean").isNull() && cell.path("n").asLong() >= 2) {
            sdShown = !cell.path("sd").isNull();
          }
        }
      }
      return new Published(scores.path("cycleId").asText(), Instant.parse(scores.path("updatedAt").asText()),
          scores.path("minRaters").asInt(), scores.path("minChange").asInt(1), sdShown);
    }
  }

  public ScoresTail {
    records = List.copyOf(records);
    newest = List.copyOf(newest);
  }

  /** Records of one partition, oldest first. */
  public ScoresTail(List<Published> records) {
    this(records, records.isEmpty() ? List.of() : List.of(records.get(records.size() - 1)));
  }

  /** The newest records of an Avro scores topic (production's {@code team-scores}, a replay's output). */
  public static ScoresTail read(KafkaConnection kafka, String topic, Duration timeout) {
    return read(kafka, topic, timeout,
        value -> Published.of(AvroSerdes.teamScores().deserializer().deserialize(topic, value)));
  }

  /** The newest records of a JSON scores topic ({@code team-scores-json}). */
  public static ScoresTail readJson(KafkaConnection kafka, String topic, Duration timeout) {
    return read(kafka, topic, timeout, value -> {
      try {
        return Published.ofJson(JSON.readTree(value));
      } catch (IOException e) {
        throw new UncheckedIOException("A record of " + topic + " is not JSON scores (" + e.getMessage() + ")", e);
      }
    });
  }

  /**
   * Reads the newest records of {@code topic}; none when it does not exist or is empty.
   *
   * @param timeout for the partitions, the end offsets and the reading together
   */
  private static ScoresTail read(KafkaConnection kafka, String topic, Duration timeout,
      Function<byte[], Published> decode) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(TopicScan.readCommitted(kafka));
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        return new ScoresTail(List.of(), List.of());
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      var end = consumer.endOffsets(partitions, timeout);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, Math.max(0, end.get(partition) - TAIL));
      }
      List<Published> tail = new ArrayList<>();
      Map<Integer, Published> newest = new TreeMap<>();
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)
          && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null) {
            Published published = decode.apply(record.value());
            tail.add(published);
            newest.put(record.partition(), published);
          }
        }
      }
      return new ScoresTail(tail, List.copyOf(newest.values()));
    } finally {
      TopicScan.closeNow(consumer);
    }
  }

  /**
   * The k and N of the newest record (the last of a partition, the latest {@code updatedAt} of those), with sd read as
   * withheld when any record withholds it ({@link #withholdsSd}); empty when there is no record (records written
   * before minChange existed read as N = 1).
   */
  public Optional<ScoringConfig> rule() {
    Published latest = null;
    for (Published record : newest) {
      if (latest == null || !record.updatedAt().isBefore(latest.updatedAt())) {
        latest = record;
      }
    }
    return latest == null ? Optional.empty()
        : Optional.of(new ScoringConfig(latest.minRaters(), latest.minChange(), withholdsSd()));
  }

  /** The k and N (sd published) of each partition's last record, each once, in partition order. */
  public List<ScoringConfig> newestRules() {
    return newest.stream().map(record -> new ScoringConfig(record.minRaters(), record.minChange())).distinct()
        .toList();
  }

  /**
   * Whether sd is withheld for some team among these records: one of them shows a cell of two or more answers without
   * an sd. Not only the newest: a team counted while sd was withheld keeps it withheld after the option is switched
   * off, beside teams of a new cycle that publish it (review 76: a replay of such a team's cycle published its sd and
   * did not warn, because the newest record was a new cycle's).
   */
  public boolean withholdsSd() {
    return !cycles(false).isEmpty();
  }

  /** The cycles of the records that show a cell of two or more answers with ({@code sd}) or without its sd. */
  public SortedSet<String> cycles(boolean sd) {
    SortedSet<String> cycles = new TreeSet<>();
    for (Published record : records) {
      if (record.sdShown() != null && record.sdShown() == sd) {
        cycles.add(record.cycleId());
      }
    }
    return cycles;
  }

  /** A cell the record shows (a mean) over two or more answers, which has an sd unless it is withheld; or null. */
  static CellScores shownCell(TeamScores scores) {
    AxesScores axes = scores.getAxes();
    for (AxisScores axis : List.of(axes.getChange(), axes.getFocus(), axes.getHorizon())) {
      for (CellScores cell : List.of(axis.getLeader(), axis.getManager())) {
        if (cell.getMean() != null && cell.getN() >= 2) {
          return cell;
        }
      }
    }
    return null;
  }
}
