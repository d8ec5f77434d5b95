package dev.feedback360.streams.privacy;

import static dev.feedback360.testkit.Responses.keyOf;
import static dev.feedback360.testkit.Responses.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputPartitioning;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The attacker's view of the topology: responses and nominations in (what the attacker, or the honest world, writes),
 * and every record ever published on team-scores-json and team-participation-json kept in order, as the JSON an
 * outside reader gets. Written from the contracts (docs/wire-format.md, docs/privacy.md), not from the topology.
 *
 * <p>Responses answer one item per cell (CHANGE_L1, CHANGE_M1, FOCUS_L1, FOCUS_M1, HORIZON_L1, HORIZON_M1), so a
 * difference of exact totals with n = 1 on a cell <em>is</em> one rater's score there.
 */
final class AttackHarness implements AutoCloseable {

  static final Topics TOPICS = Topics.defaults();
  static final String CYCLE = "2026-H2";
  static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
  /** The cells in the order {@link #totals} returns them. */
  static final String[][] CELLS = {
      {"CHANGE", "leader"}, {"CHANGE", "manager"}, {"FOCUS", "leader"}, {"FOCUS", "manager"},
      {"HORIZON", "leader"}, {"HORIZON", "manager"}};
  private static final String[] ITEMS = {"CHANGE_L1", "CHANGE_M1", "FOCUS_L1", "FOCUS_M1", "HORIZON_L1",
      "HORIZON_M1"};
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One published record: the input step after which it appeared, and its JSON (null for a tombstone). */
  record Seen(int step, String key, JsonNode value) {}

  private final TopologyTestDriver driver;
  private final TestInputTopic<ResponseKey, SurveyResponse> responses;
  private final TestInputTopic<ResponseKey, Nomination> nominations;
  private final TestOutputTopic<String, String> scoresJson;
  private final TestOutputTopic<String, String> participationJson;
  private final List<Seen> scores = new ArrayList<>();
  private final List<Seen> participation = new ArrayList<>();
  private int step;

  AttackHarness(Path stateDir, Roster roster, int minRaters, int minChange) {
    this(stateDir, roster, new ScoringConfig(minRaters, minChange));
  }

  AttackHarness(Path stateDir, Roster roster, ScoringConfig scoring) {
    StreamsSettings settings = new StreamsSettings(KafkaConnection.plaintext("unused:9092"), "attack-test", stateDir,
        TOPICS, TopicSettings.defaults(), scoring, Map.of(), roster);
    driver = new TopologyTestDriver(TeamScoresTopology.build(TOPICS, new ScoreCalculator(scoring), InputScope.ALL,
        new InputPartitioning(TOPICS.responses(), 1), new InputPartitioning(TOPICS.nominations(), 1), roster),
        settings.toProperties());
    responses = driver.createInputTopic(TOPICS.responses(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.surveyResponse().serializer());
    nominations = driver.createInputTopic(TOPICS.nominations(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.nomination().serializer());
    scoresJson = driver.createOutputTopic(TOPICS.scoresJson(), new StringDeserializer(), new StringDeserializer());
    participationJson = driver.createOutputTopic(TOPICS.participationJson(), new StringDeserializer(),
        new StringDeserializer());
  }

  /** A response for subject S of team, answering the six cells with these scores (null = not observed). */
  static SurveyResponse answer(String team, String subject, String rater, RaterGroup group, int second,
      Integer... scores) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < ITEMS.length; i++) {
      items.append(ITEMS[i]).append('=').append(scores[i] == null ? "NA" : scores[i]).append(' ');
    }
    return response(CYCLE, team, subject, rater, group, T0.plusSeconds(second), items.toString());
  }

  static ResponseKey key(String subject, String rater) {
    return new ResponseKey(CYCLE, subject, rater);
  }

  static Nomination nomination(String team, String subject, String rater, RaterGroup group, int second) {
    return new Nomination(CYCLE, team, subject, rater, group, T0.plusSeconds(second));
  }

  void send(SurveyResponse response) {
    responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
    drain();
  }

  void withdraw(ResponseKey key, int second) {
    responses.pipeInput(key, null, T0.plusSeconds(second));
    drain();
  }

  void nominate(Nomination nomination) {
    nominations.pipeInput(new ResponseKey(nomination.getCycleId(), nomination.getSubjectId(),
        nomination.getRaterId()), nomination, nomination.getNominatedAt());
    drain();
  }

  void removeNomination(ResponseKey key, int second) {
    nominations.pipeInput(key, null, T0.plusSeconds(second));
    drain();
  }

  /** Every team-scores-json record so far, in order. */
  List<Seen> scores() {
    return scores;
  }

  /** The latest team-scores-json record of one team. */
  JsonNode lastScores(String team) {
    List<Seen> records = scores(team);
    return records.get(records.size() - 1).value();
  }

  /** A rater nominated at {@code nominatedAt} who answers a second later: an honest participant. */
  void nominateAndAnswer(String team, String subject, String rater, RaterGroup group, int nominatedAt,
      Integer... scores) {
    nominate(nomination(team, subject, rater, group, nominatedAt));
    send(answer(team, subject, rater, group, nominatedAt + 1, scores));
  }

  /** Every team-scores-json record of one team ("cycle/team"), tombstones included. */
  List<Seen> scores(String team) {
    return scores.stream().filter(seen -> seen.key().equals(CYCLE + "/" + team)).toList();
  }

  /** Every team-participation-json record so far, in order. */
  List<Seen> participation() {
    return participation;
  }

  List<Seen> participation(String team) {
    return participation.stream().filter(seen -> seen.key().equals(CYCLE + "/" + team)).toList();
  }

  /** Input records sent so far (the step counter records carry). */
  int step() {
    return step;
  }

  private void drain() {
    step++;
    for (KeyValue<String, String> record : scoresJson.readKeyValuesToList()) {
      scores.add(new Seen(step, record.key, record.value == null ? null : json(record.value)));
    }
    for (KeyValue<String, String> record : participationJson.readKeyValuesToList()) {
      participation.add(new Seen(step, record.key, record.value == null ? null : json(record.value)));
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Not JSON: " + text, e);
    }
  }

  /**
   * What the attacker computes from one published scores record: per cell (order of {@link #CELLS}) the exact
   * totals {n, sum, sumOfSquares}, or null where no mean is shown. sum = round(mean n), sumOfSquares =
   * round((sd^2 n (n - 1) + sum^2) / n).
   */
  static long[][] totals(JsonNode record) {
    long[][] cells = new long[CELLS.length][];
    if (record == null) {
      return cells;
    }
    for (int i = 0; i < CELLS.length; i++) {
      JsonNode cell = record.path("axes").path(CELLS[i][0]).path(CELLS[i][1]);
      if (cell.path("mean").isNull() || cell.path("mean").isMissingNode()) {
        continue;
      }
      long n = cell.path("n").asLong();
      double mean = cell.path("mean").asDouble();
      double sd = cell.path("sd").isNumber() ? cell.path("sd").asDouble() : 0.0;
      long sum = Math.round(mean * n);
      long sumOfSquares = Math.round((sd * sd * n * (n - 1) + (double) sum * sum) / n);
      cells[i] = new long[] {n, sum, sumOfSquares};
    }
    return cells;
  }

  /** Per cell, b - a where both show a mean (null elsewhere). */
  static long[][] difference(JsonNode a, JsonNode b) {
    long[][] ta = totals(a);
    long[][] tb = totals(b);
    long[][] diff = new long[CELLS.length][];
    for (int i = 0; i < CELLS.length; i++) {
      if (ta[i] != null && tb[i] != null) {
        diff[i] = new long[] {tb[i][0] - ta[i][0], tb[i][1] - ta[i][1], tb[i][2] - ta[i][2]};
      }
    }
    return diff;
  }

  /** A response's own contribution per cell: {n, sum, sumOfSquares} (n = 0 where it is not observed). */
  static long[][] contribution(Integer... scores) {
    long[][] cells = new long[CELLS.length][];
    for (int i = 0; i < CELLS.length; i++) {
      cells[i] = scores[i] == null ? new long[] {0, 0, 0} : new long[] {1, scores[i], (long) scores[i] * scores[i]};
    }
    return cells;
  }

  /**
   * Whether the difference equals {@code sign} times the contribution on every cell both records show, on at least
   * one cell where the contribution is not zero: the record pair isolates that response.
   */
  static boolean isolates(long[][] difference, long[][] contribution, int sign) {
    boolean informative = false;
    for (int i = 0; i < CELLS.length; i++) {
      if (difference[i] == null) {
        continue;
      }
      for (int j = 0; j < 3; j++) {
        if (difference[i][j] != sign * contribution[i][j]) {
          return false;
        }
      }
      informative |= contribution[i][0] != 0;
    }
    return informative;
  }

  static boolean allZero(long[][] difference) {
    return Arrays.stream(difference).allMatch(cell -> cell == null || Arrays.equals(cell, new long[3]));
  }

  /** The published numbers of a scores record, without its event time (what "moves a number" means here). */
  static JsonNode numbers(JsonNode record) {
    if (record == null) {
      return null;
    }
    com.fasterxml.jackson.databind.node.ObjectNode copy = record.deepCopy();
    copy.remove("updatedAt");
    return copy;
  }

  @Override
  public void close() {
    driver.close();
  }
}
