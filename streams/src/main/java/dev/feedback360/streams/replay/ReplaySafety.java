package dev.feedback360.streams.replay;

import dev.feedback360.avro.AxesScores;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.KafkaConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a replay's output may be handed to readers who see only outputs (docs/privacy.md, "Replays"): not when it
 * publishes by a weaker rule than production (a lower k shows groups production hides; a lower N lets records be
 * differenced down to fewer raters; an sd shows what production withholds), nor an as-of replay (as-of outputs are
 * made to be compared across instants, and their batches need not line up with each other's or production's).
 *
 * @param reasons why the output is not safe to share; empty when it is
 */
public record ReplaySafety(List<String> reasons) {

  /** Records read from the end of each partition of production's scores topic to learn its rule. */
  private static final int TAIL = 20;

  public ReplaySafety {
    reasons = List.copyOf(reasons);
  }

  /**
   * Assesses a replay against the rule production publishes by.
   *
   * @param production production's k and N, when known (else the defaults are assumed)
   */
  public static ReplaySafety assess(ReplayRequest request, Optional<ScoringConfig> production) {
    ScoringConfig reference = production.orElse(ScoringConfig.defaults());
    ScoringConfig replay = request.scoring();
    List<String> reasons = new ArrayList<>();
    if (replay.minRaters() < reference.minRaters()) {
      reasons.add("k = " + replay.minRaters() + " is below production's " + reference.minRaters()
          + ": it shows groups production hides");
    }
    if (replay.minChange() < reference.minChange() || replay.publishesEveryChange()) {
      reasons.add("N = " + replay.minChange() + (replay.publishesEveryChange() ? " publishes every change"
          : " is below production's " + reference.minChange()) + ": its records can be differenced down to "
          + "fewer raters");
    }
    if (reference.withholdsSd() && !replay.withholdsSd()) {
      reasons.add("it publishes sd, which production withholds (--withhold-sd): an sd tells when the answers behind "
          + "a cell, or behind a batch less one rater's, are all one value");
    }
    if (request.asOf() != null) {
      reasons.add("--as-of outputs of different instants (or one and production's) can differ by fewer than N "
          + "raters");
    }
    return new ReplaySafety(reasons);
  }

  public boolean safeToShare() {
    return reasons.isEmpty();
  }

  /** One line for the analyst, or null when the output is safe to share. */
  public String warning() {
    return reasons.isEmpty() ? null
        : "Warning: do not hand this replay's output to readers who may not see the raw responses ("
            + String.join("; ", reasons) + "); see docs/privacy.md";
  }

  /**
   * The k and N of the newest records of production's scores topic, or empty when it holds none (or only records
   * written before minChange existed, which read as N = 1); sd reads as withheld when any of those records shows a
   * cell of two or more answers without an sd ({@link #withholdsSd}).
   */
  public static Optional<ScoringConfig> productionRule(KafkaConnection kafka, String scoresTopic, Duration timeout) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(TopicScan.readCommitted(kafka));
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(scoresTopic, timeout);
      if (infos == null || infos.isEmpty()) {
        return Optional.empty();
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(scoresTopic, p.partition())).toList();
      consumer.assign(partitions);
      var end = consumer.endOffsets(partitions, timeout);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, Math.max(0, end.get(partition) - TAIL));
      }
      TeamScores newest = null;
      List<TeamScores> tail = new ArrayList<>();
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)
          && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null) {
            TeamScores scores = AvroSerdes.teamScores().deserializer().deserialize(scoresTopic, record.value());
            if (newest == null || !scores.getUpdatedAt().isBefore(newest.getUpdatedAt())) {
              newest = scores;
            }
            tail.add(scores);
          }
        }
      }
      return newest == null ? Optional.empty()
          : Optional.of(new ScoringConfig(newest.getMinRaters(), newest.getMinChange(), withholdsSd(tail)));
    } finally {
      TopicScan.closeNow(consumer);
    }
  }

  /**
   * Whether production withholds sd for some team among these records: one of them shows a cell of two or more
   * answers without an sd. Not only the newest: a team counted while sd was withheld keeps it withheld after the
   * option is switched off, beside teams of a new cycle that publish it (review 76: a replay of such a team's cycle
   * published its sd and did not warn, because the newest record was a new cycle's).
   */
  static boolean withholdsSd(List<TeamScores> records) {
    for (TeamScores scores : records) {
      CellScores shown = shownCell(scores);
      if (shown != null && shown.getSd() == null) {
        return true;
      }
    }
    return false;
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
