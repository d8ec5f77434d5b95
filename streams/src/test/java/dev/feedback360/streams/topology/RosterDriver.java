package dev.feedback360.streams.topology;

import static dev.feedback360.testkit.Responses.keyOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The topology with responses and nominations in, under a roster, for the roster rules' tests: every change
 * published (N = 1), outputs read as they come and kept as the latest value per key.
 */
final class RosterDriver implements AutoCloseable {

  static final Topics TOPICS = Topics.defaults();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TopologyTestDriver driver;
  private final TestInputTopic<ResponseKey, SurveyResponse> responses;
  private final TestInputTopic<ResponseKey, Nomination> nominations;
  private final TestOutputTopic<TeamKey, TeamScores> scores;
  private final TestOutputTopic<String, String> participation;
  private final TestOutputTopic<byte[], byte[]> deadLetters;
  private final Map<TeamKey, TeamScores> latestScores = new HashMap<>();
  private final Map<String, JsonNode> latestParticipation = new HashMap<>();
  private final List<KeyValue<String, String>> participationRecords = new ArrayList<>();
  private final List<KeyValue<TeamKey, TeamScores>> scoresRecords = new ArrayList<>();

  RosterDriver(Path stateDir, Roster roster, int minRaters) {
    this(stateDir, roster, minRaters, 1, 1);
  }

  RosterDriver(Path stateDir, Roster roster, int minRaters, int responsePartitions, int nominationPartitions) {
    ScoringConfig scoring = new ScoringConfig(minRaters, 1);
    StreamsSettings settings =
        new StreamsSettings(KafkaConnection.plaintext("unused:9092"), "roster-test", stateDir, TOPICS,
            TopicSettings.defaults(), scoring, Map.of(), roster);
    driver = new TopologyTestDriver(TeamScoresTopology.build(TOPICS, new ScoreCalculator(scoring), InputScope.ALL,
        new InputPartitioning(TOPICS.responses(), responsePartitions),
        new InputPartitioning(TOPICS.nominations(), nominationPartitions), roster), settings.toProperties());
    responses = driver.createInputTopic(TOPICS.responses(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.surveyResponse().serializer());
    nominations = driver.createInputTopic(TOPICS.nominations(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.nomination().serializer());
    scores = driver.createOutputTopic(TOPICS.scores(), AvroSerdes.teamKey().deserializer(),
        AvroSerdes.teamScores().deserializer());
    participation = driver.createOutputTopic(TOPICS.participationJson(), new StringDeserializer(),
        new StringDeserializer());
    deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  void send(SurveyResponse response) {
    responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
  }

  void withdraw(SurveyResponse response, Instant at) {
    responses.pipeInput(keyOf(response), null, at);
  }

  void nominate(Nomination nomination) {
    nominations.pipeInput(key(nomination), nomination, nomination.getNominatedAt());
  }

  void nominate(ResponseKey key, Nomination value, Instant at) {
    nominations.pipeInput(key, value, at);
  }

  void remove(Nomination nomination, Instant at) {
    nominations.pipeInput(key(nomination), null, at);
  }

  static ResponseKey key(Nomination nomination) {
    return new ResponseKey(nomination.getCycleId(), nomination.getSubjectId(), nomination.getRaterId());
  }

  static Nomination nomination(String cycle, String team, String subject, String rater, RaterGroup group,
      Instant at) {
    return new Nomination(cycle, team, subject, rater, group, at);
  }

  /** The latest scores per team (a tombstone removes the team). */
  Map<TeamKey, TeamScores> scores() {
    drain();
    return latestScores;
  }

  /** Every scores record since the start, tombstones included. */
  List<KeyValue<TeamKey, TeamScores>> scoresRecords() {
    drain();
    return scoresRecords;
  }

  /** The latest participation JSON per "cycleId/teamId" (a tombstone removes the team). */
  Map<String, JsonNode> participation() {
    drain();
    return latestParticipation;
  }

  /** Every participation record since the start, tombstones included. */
  List<KeyValue<String, String>> participationRecords() {
    drain();
    return participationRecords;
  }

  List<TestRecord<byte[], byte[]>> deadLetters() {
    return deadLetters.readRecordsToList();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("Not JSON: " + text, e);
    }
  }

  private void drain() {
    for (KeyValue<TeamKey, TeamScores> record : scores.readKeyValuesToList()) {
      scoresRecords.add(record);
      if (record.value == null) {
        latestScores.remove(record.key);
      } else {
        latestScores.put(record.key, record.value);
      }
    }
    for (KeyValue<String, String> record : participation.readKeyValuesToList()) {
      participationRecords.add(record);
      if (record.value == null) {
        latestParticipation.remove(record.key);
      } else {
        latestParticipation.put(record.key, json(record.value));
      }
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
