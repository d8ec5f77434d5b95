package dev.feedback360.dashboard;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.auth.TokenEntry;
import dev.feedback360.dashboard.auth.Tokens;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.ResponseLog.Entry;
import dev.feedback360.testkit.Responses;
import dev.feedback360.testkit.WorkedExample;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The dashboard's test data on the default 12-item instrument ("CHANGE_L1=5 FOCUS_M1=NA ..."), in the worked
 * example's cycle, sent the way the produce command does (Avro single-object encoding, record timestamp =
 * submittedAt).
 */
final class Fixtures {

  static final String CYCLE = WorkedExample.CYCLE;
  /** A token of {@link #tokens()} that reads every team. */
  static final String ALL_TOKEN = "test-token-all-teams";
  /** A token of {@link #tokens()} that reads team T1 only, in every cycle. */
  static final String T1_TOKEN = "test-token-team-T1";
  static final Instant T0 = WorkedExample.T0;
  private static final List<String> ITEMS = Responses.ITEMS;

  private Fixtures() {}

  /** The test tokens: {@link #ALL_TOKEN} and {@link #T1_TOKEN}. Instances given the same tokens trust each other. */
  static Tokens tokens() {
    return Tokens.of(List.of(TokenEntry.of(ALL_TOKEN, Scope.all(), T0, "all teams"),
        TokenEntry.of(T1_TOKEN, Scope.of(List.of("T1"), List.of()), T0, "team T1")));
  }

  /** A dashboard on 127.0.0.1, any free port, accepting {@link #tokens()}. */
  static DashboardSettings http() {
    return DashboardSettings.local(0).withTokens(tokens());
  }

  static StreamsSettings settings(EmbeddedBroker broker, String applicationId, Path stateDir, Topics topics) {
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
    return WorkedExample.responses();
  }

  /**
   * A team with one peer response only: fewer than k raters everywhere, so SUPPRESSED. Each team's lone peer is
   * another rater (the same key in two teams would be one response moved from the first to the second).
   */
  static SurveyResponse lonePeer(String team, int secondsAfterT0) {
    return response(team, "S9", "P9-" + team, RaterGroup.PEER, secondsAfterT0, "CHANGE_L1=4 CHANGE_M1=2");
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
    return Responses.response(cycle, team, subject, rater, group, T0.plusSeconds(secondsAfterT0), scores);
  }

  static KafkaProducer<byte[], byte[]> producer(EmbeddedBroker broker) {
    return ResponseLog.producer(broker.bootstrapServers());
  }

  static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, List<SurveyResponse> responses)
      throws Exception {
    for (SurveyResponse response : responses) {
      ResponseLog.send(producer, topics.responses(), Entry.submit(response));
    }
  }

  /** Sends the withdrawal (tombstone) of a response, a second after its submission. */
  static void withdraw(KafkaProducer<byte[], byte[]> producer, Topics topics, SurveyResponse response)
      throws Exception {
    ResponseLog.send(producer, topics.responses(), Entry.withdraw(response, response.getSubmittedAt().plusSeconds(1)));
  }
}
