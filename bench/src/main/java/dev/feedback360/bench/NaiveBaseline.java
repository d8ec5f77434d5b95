package dev.feedback360.bench;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.CountedSummary;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.json.TeamScoresJson;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.streams.topology.KeyHistory;
import dev.feedback360.streams.topology.LatestResponseRule;
import dev.feedback360.streams.topology.ResponseStates;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.streams.topology.RosterRule;
import dev.feedback360.streams.topology.TeamScoresTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The naive baseline: one consumer and one transactional producer in one thread, latest response per key and team
 * aggregates in HashMaps (the same rules and the same {@link TeamAggregate} as the streams app), each poll's
 * outputs and offsets committed in one transaction. Nothing is fault tolerant (the maps are lost on a crash): this
 * is the "how fast could a hand-written loop go" yardstick, not a design.
 */
final class NaiveBaseline {

  private final String bootstrapServers;
  private final ScoringConfig scoring;
  private final ScoreCalculator calculator;
  private final AvroSerde<ResponseKey> keySerde = AvroSerdes.responseKey();
  private final AvroSerde<SurveyResponse> responseSerde = AvroSerdes.surveyResponse();
  private final AvroSerde<TeamKey> teamKeySerde = AvroSerdes.teamKey();
  private final AvroSerde<TeamScores> scoresSerde = AvroSerdes.teamScores();
  private final Map<ResponseKey, ResponseState> latest = new HashMap<>();
  private final Map<TeamKey, TeamAggregate> teams = new HashMap<>();
  private final Map<String, Object> producerSettings;

  /**
   * @param producerSettings the producer settings the streams app ships with (lz4, large batches, linger), so that
   *     the baseline's output costs the broker what the app's does, not what client defaults cost
   * @param scoring the publication rule, the app's
   */
  NaiveBaseline(String bootstrapServers, Map<String, Object> producerSettings, ScoringConfig scoring) {
    this.bootstrapServers = bootstrapServers;
    this.scoring = scoring;
    this.calculator = new ScoreCalculator(scoring);
    this.producerSettings = Map.copyOf(producerSettings);
  }

  /** Drains {@code input} from the beginning into the two output topics; the rate counts input records. */
  Figures.Rate drain(String input, String scoresTopic, String scoresJsonTopic, Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer();
        KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.initTransactions();
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(input).forEach(p -> partitions.add(new TopicPartition(input, p.partition())));
      consumer.subscribe(List.of(input));
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long count = 0;
      long bytes = 0;
      long start = 0;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (Positions.behind(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("The naive baseline processed only " + count + " records in "
              + timeout.toSeconds() + " s");
        }
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
        if (batch.isEmpty()) {
          continue;
        }
        if (start == 0) {
          start = System.nanoTime();
        }
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          process(record, producer, scoresTopic, scoresJsonTopic);
          count++;
          bytes += record.serializedKeySize() + Math.max(0, record.serializedValueSize());
          offsets.put(new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
      }
      return new Figures.Rate(count, bytes, System.nanoTime() - start);
    }
  }

  private void process(ConsumerRecord<byte[], byte[]> record, KafkaProducer<byte[], byte[]> producer,
      String scoresTopic, String scoresJsonTopic) {
    ResponseKey key = keySerde.decode(record.key());
    SurveyResponse value = responseSerde.decode(record.value());
    ResponseState current = latest.get(key);
    LatestResponseRule.Decision decision = value == null
        ? LatestResponseRule.withdraw(current, Instant.ofEpochMilli(record.timestamp()))
        : LatestResponseRule.submit(current, ResponseStates.summary(value, !scoring.withholdsSd()));
    // The open roster's settle keeps the response that left a team by a move (movedFrom), as the app's state does.
    ResponseState settled = RosterRule.settle(current, decision.state(), Roster.OPEN);
    latest.put(key, settled);
    if (!decision.changed()) {
      return;
    }
    long eventTime = value == null ? record.timestamp() : value.getSubmittedAt().toEpochMilli();
    String cycle = key.getCycleId();
    ResponseContribution before = contribution(decision.before(), key);
    ResponseContribution after = contribution(decision.after(), key);
    if (before != null && after != null && decision.before().getTeamId().equals(decision.after().getTeamId())) {
      int moved = RosterRule.movedCells(settled.getMovedFrom(), decision.after())
          | (settled.getErasedThrough() != null ? KeyHistory.erasedKeyCells(decision.before(), decision.after())
              : KeyHistory.revertedCells(settled.getEarlierCells(), settled.getEarlierForms(),
                  RosterRule.cameFromAnotherTeam(settled, decision.after()), before.getRaterGroup(),
                  before.getCells(), after.getRaterGroup(), after.getCells(), !scoring.withholdsSd()));
      apply(new TeamKey(cycle, decision.after().getTeamId()), before, after, moved, eventTime, producer,
          scoresTopic, scoresJsonTopic);
      return;
    }
    // A move's arrival and departure count nowhere, nor does a response entering the scores after the key's were
    // erased (RosterRule#changes).
    int moved = after == null || before == null && !RosterRule.afterErasure(current, settled) ? 0
        : TeamAggregate.scoredCells(after.getCells());
    if (before != null) {
      // A departure to another team counts nowhere, nor does a withdrawal (RosterRule#changes).
      apply(new TeamKey(cycle, decision.before().getTeamId()), before, null,
          TeamAggregate.scoredCells(before.getCells()), eventTime, producer, scoresTopic, scoresJsonTopic);
    }
    if (after != null) {
      apply(new TeamKey(cycle, decision.after().getTeamId()), null, after, moved, eventTime, producer, scoresTopic,
          scoresJsonTopic);
    }
  }

  private void apply(TeamKey team, ResponseContribution before, ResponseContribution after, int moved,
      long eventTime, KafkaProducer<byte[], byte[]> producer, String scoresTopic, String scoresJsonTopic) {
    TeamAggregate aggregate = teams.computeIfAbsent(team, t -> new TeamAggregate(scoring));
    aggregate.change(before, after, null, moved, Instant.ofEpochMilli(eventTime));
    byte[] key = teamKeySerde.encode(team);
    byte[] jsonKey = TeamScoresTopology.jsonKey(team).getBytes(StandardCharsets.UTF_8);
    if (aggregate.isEmpty()) {
      // Kept, like the topology keeps it: an emptied team's event times and published parts still count.
      producer.send(new ProducerRecord<byte[], byte[]>(scoresTopic, null, eventTime, key, null));
      producer.send(new ProducerRecord<byte[], byte[]>(scoresJsonTopic, null, eventTime, jsonKey, null));
      return;
    }
    TeamScores scores = calculator.scores(team, aggregate);
    producer.send(new ProducerRecord<>(scoresTopic, null, eventTime, key, scoresSerde.encode(scores)));
    producer.send(new ProducerRecord<>(scoresJsonTopic, null, eventTime, jsonKey,
        TeamScoresJson.toJsonLine(scores).getBytes(StandardCharsets.UTF_8)));
  }

  private static ResponseContribution contribution(CountedSummary counted, ResponseKey key) {
    return counted == null ? null : ResponseStates.contribution(counted, key.getRaterId());
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-naive");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-naive-consumer");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.putAll(producerSettings);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-naive");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-naive-producer");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
