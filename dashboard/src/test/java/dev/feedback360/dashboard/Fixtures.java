package dev.feedback360.dashboard;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Test data on the default 12-item instrument ("CHANGE_L1=5 FOCUS_M1=NA ..."), and a producer that sends it the way
 * the produce command does (Avro single-object encoding, record timestamp = submittedAt).
 */
final class Fixtures {

  static final String CYCLE = "2026-H2";
  static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
  static final List<String> ITEMS = List.of(
      "CHANGE_L1", "CHANGE_L2", "CHANGE_M1", "CHANGE_M2",
      "FOCUS_L1", "FOCUS_L2", "FOCUS_M1", "FOCUS_M2",
      "HORIZON_L1", "HORIZON_L2", "HORIZON_M1", "HORIZON_M2");

  private Fixtures() {}

  /** Unique topic names, so that tests sharing a broker never see each other's data. */
  static Topics uniqueTopics() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return new Topics("responses-" + suffix, "scores-" + suffix, "scores-json-" + suffix, "dlq-" + suffix);
  }

  static StreamsSettings settings(EmbeddedKafkaBroker broker, String applicationId, Path stateDir, Topics topics) {
    return new StreamsSettings(broker.bootstrapServers(), applicationId, stateDir, topics,
        new TopicSettings(4, (short) 1), ScoringConfig.defaults(), Map.of());
  }

  /**
   * The worked example of docs/scoring.md, team T1 in cycle 2026-H2 with k = 3: peers P1..P3 count (CHANGE leader
   * mean 25/6, manager mean 13/6, balance 2); the manager and the two direct reports are groups under k and are left
   * out; S1 is the only self-rater (fewer than k): no selfBalance. HORIZON is not observed. With the default rule
   * (N = 3) FOCUS leader, scored by P1 and P2 only, stays unpublished with two pending raters.
   */
  static List<SurveyResponse> workedExample() {
    return List.of(
        response("T1", "S1", "P1", RaterGroup.PEER, 1, "CHANGE_L1=5 CHANGE_L2=4 CHANGE_M1=2 CHANGE_M2=3 FOCUS_L1=4 FOCUS_M1=3"),
        response("T1", "S1", "P2", RaterGroup.PEER, 2, "CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=3 CHANGE_M2=2 FOCUS_L1=5 FOCUS_M1=2"),
        response("T1", "S2", "P3", RaterGroup.PEER, 3, "CHANGE_L1=3 CHANGE_L2=5 CHANGE_M1=1 CHANGE_M2=2 FOCUS_L1=NA FOCUS_M1=3"),
        response("T1", "S1", "M1", RaterGroup.MANAGER, 4, "CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=1 CHANGE_M2=1 FOCUS_L1=1 FOCUS_M1=1"),
        response("T1", "S1", "D1", RaterGroup.DIRECT_REPORT, 5, "CHANGE_L1=5 CHANGE_L2=5 CHANGE_M1=5 CHANGE_M2=5 FOCUS_L1=5 FOCUS_M1=5"),
        response("T1", "S2", "D2", RaterGroup.DIRECT_REPORT, 6, "CHANGE_L1=5 CHANGE_L2=5 CHANGE_M1=5 CHANGE_M2=5 FOCUS_L1=5 FOCUS_M1=5"),
        response("T1", "S1", "S1", RaterGroup.SELF, 7, "CHANGE_L1=5 CHANGE_L2=5 CHANGE_M1=1 CHANGE_M2=2 FOCUS_L1=4 FOCUS_M1=4"));
  }

  /** A team with one peer response only: fewer than k raters everywhere, so SUPPRESSED. */
  static SurveyResponse lonePeer(String team, int secondsAfterT0) {
    return response(team, "S9", "P9", RaterGroup.PEER, secondsAfterT0, "CHANGE_L1=4 CHANGE_M1=2");
  }

  /**
   * Three peers rating one subject of {@code team} with leader items {@code leader} and manager items
   * {@code manager} on every axis: balance leader - manager everywhere.
   */
  static List<SurveyResponse> team(String team, int leader, int manager, int secondsAfterT0) {
    List<SurveyResponse> responses = new ArrayList<>();
    for (String rater : List.of("Pa", "Pb", "Pc")) {
      StringBuilder scores = new StringBuilder();
      for (String item : ITEMS) {
        scores.append(item).append('=').append(item.contains("_L") ? leader : manager).append(' ');
      }
      responses.add(response(team, "S-" + team, rater + "-" + team, RaterGroup.PEER, secondsAfterT0,
          scores.toString()));
    }
    return responses;
  }

  /**
   * {@code raters} peers rating one subject of {@code team}, around a base score per axis (CHANGE, FOCUS, HORIZON)
   * for leader and manager items, each rater one point above, at or below it in turn: realistic-looking data for
   * the browser test's screenshots.
   */
  static List<SurveyResponse> profile(String team, int raters, int[] leader, int[] manager, int secondsAfterT0) {
    List<SurveyResponse> responses = new ArrayList<>();
    for (int r = 0; r < raters; r++) {
      StringBuilder scores = new StringBuilder();
      for (int i = 0; i < ITEMS.size(); i++) {
        String item = ITEMS.get(i);
        int axis = i / 4;
        int base = item.contains("_L") ? leader[axis] : manager[axis];
        int score = Math.max(1, Math.min(5, base + (r + i) % 3 - 1));
        scores.append(item).append('=').append(score).append(' ');
      }
      responses.add(response(team, "S-" + team, "R" + r + "-" + team, RaterGroup.PEER, secondsAfterT0 + r,
          scores.toString()));
    }
    return responses;
  }

  static SurveyResponse response(String team, String subject, String rater, RaterGroup group, int secondsAfterT0,
      String scores) {
    return response(CYCLE, team, subject, rater, group, secondsAfterT0, scores);
  }

  static SurveyResponse response(String cycle, String team, String subject, String rater, RaterGroup group,
      int secondsAfterT0, String scores) {
    Map<String, Integer> given = new LinkedHashMap<>();
    for (String pair : scores.trim().split("\\s+")) {
      String[] kv = pair.split("=");
      given.put(kv[0], kv[1].equals("NA") ? null : Integer.valueOf(kv[1]));
    }
    List<Answer> answers = new ArrayList<>();
    for (String item : ITEMS) {
      String[] parts = item.split("_");
      answers.add(new Answer(item, Axis.valueOf(parts[0].toUpperCase(Locale.ROOT)),
          parts[1].startsWith("L") ? Pole.LEADER : Pole.MANAGER, given.remove(item)));
    }
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("Unknown items " + given.keySet());
    }
    Instant submittedAt = T0.plusSeconds(secondsAfterT0);
    return SurveyResponse.newBuilder()
        .setResponseId(cycle + "/" + subject + "/" + rater + "@" + submittedAt)
        .setCycleId(cycle)
        .setTeamId(team)
        .setSubjectId(subject)
        .setRaterId(rater)
        .setRaterGroup(group)
        .setSubmittedAt(submittedAt)
        .setInstrumentId("leadership-vs-management")
        .setInstrumentVersion(1)
        .setAnswers(answers)
        .build();
  }

  static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker broker) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, List<SurveyResponse> responses)
      throws Exception {
    for (SurveyResponse response : responses) {
      producer.send(new ProducerRecord<>(topics.responses(), null, response.getSubmittedAt().toEpochMilli(),
          AvroSerdes.responseKey().encode(keyOf(response)), AvroSerdes.surveyResponse().encode(response)))
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** Sends the withdrawal (tombstone) of a response. */
  static void withdraw(KafkaProducer<byte[], byte[]> producer, Topics topics, SurveyResponse response)
      throws Exception {
    producer.send(new ProducerRecord<>(topics.responses(), null, response.getSubmittedAt().toEpochMilli() + 1000,
        AvroSerdes.responseKey().encode(keyOf(response)), (byte[]) null)).get(30, TimeUnit.SECONDS);
  }

  static ResponseKey keyOf(SurveyResponse response) {
    return new ResponseKey(response.getCycleId(), response.getSubjectId(), response.getRaterId());
  }
}
