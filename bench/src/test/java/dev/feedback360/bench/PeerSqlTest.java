package dev.feedback360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Channel;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.streams.json.TeamScoresJson;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's SQL against the project's own scoring (TeamAggregate and ScoreCalculator with every change published)
 * on files in the format of {@code export --raw}: the worked example of docs/scoring.md checked by hand, then seeded
 * random teams where groups cross k, raters rate several subjects or sit in two groups, and answers are missing.
 */
class PeerSqlTest {

  private static final int K = 3;
  private static final List<String> ITEMS = List.of("CHANGE_L1", "CHANGE_L2", "CHANGE_M1", "CHANGE_M2", "FOCUS_L1",
      "FOCUS_L2", "FOCUS_M1", "FOCUS_M2", "HORIZON_L1", "HORIZON_L2", "HORIZON_M1", "HORIZON_M2");
  private static final Instant AT = Instant.parse("2026-10-01T09:00:00Z");

  @TempDir
  Path dir;

  @Test
  void shouldComputeTheWorkedExampleOfTheScoringDocument() throws Exception {
    // docs/scoring.md: only CHANGE and two FOCUS items answered; HORIZON never observed.
    List<String> items = List.of("CHANGE_L1", "CHANGE_L2", "CHANGE_M1", "CHANGE_M2", "FOCUS_L1", "FOCUS_M1");
    List<SurveyResponse> responses = List.of(
        response("P1", RaterGroup.PEER, "S1", items, 5, 4, 2, 3, 4, 3),
        response("P2", RaterGroup.PEER, "S1", items, 4, 4, 3, 2, 5, 2),
        response("P3", RaterGroup.PEER, "S2", items, 3, 5, 1, 2, null, 3),
        response("M1", RaterGroup.MANAGER, "S1", items, 1, 1, 1, 1, 1, 1),
        response("D1", RaterGroup.DIRECT_REPORT, "S1", items, 5, 5, 5, 5, 5, 5),
        response("D2", RaterGroup.DIRECT_REPORT, "S2", items, 5, 5, 5, 5, 5, 5),
        response("S1", RaterGroup.SELF, "S1", items, 5, 5, 1, 2, 4, 4));

    JsonNode team = sqlScores(responses, items).get("2026-H2/T1");

    assertThat(team.get("status").asText()).isEqualTo("PUBLISHED");
    assertThat(team.get("raters").toString())
        .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
    JsonNode change = team.get("axes").get("CHANGE");
    assertThat(change.get("leader").get("mean").asDouble()).isEqualTo(25.0 / 6);
    assertThat(change.get("leader").get("sd").asDouble()).isEqualTo(Math.sqrt(17.0 / 30));
    assertThat(change.get("leader").get("n").asInt()).isEqualTo(6);
    assertThat(change.get("leader").get("raters").asInt()).isEqualTo(3);
    assertThat(change.get("manager").get("mean").asDouble()).isEqualTo(13.0 / 6);
    assertThat(change.get("balance").asDouble()).isEqualTo(25.0 / 6 - 13.0 / 6);
    assertThat(change.get("selfBalance").isNull()).as("one self-rater, fewer than k").isTrue();
    JsonNode focus = team.get("axes").get("FOCUS");
    assertThat(focus.get("leader").get("mean").isNull()).as("2 raters < k").isTrue();
    assertThat(focus.get("leader").get("n").asInt()).isEqualTo(2);
    assertThat(focus.get("leader").get("raters").asInt()).isEqualTo(2);
    assertThat(focus.get("manager").get("mean").asDouble()).isEqualTo(8.0 / 3);
    assertThat(focus.get("balance").isNull()).isTrue();
    JsonNode horizon = team.get("axes").get("HORIZON");
    assertThat(horizon.get("leader").get("n").asInt()).isZero();
    assertThat(horizon.get("manager").get("mean").isNull()).isTrue();
    JsonNode overall = team.get("overall");
    assertThat(overall.get("leaderMean").asDouble()).isEqualTo(25.0 / 6);
    assertThat(overall.get("managerMean").asDouble()).isEqualTo(21.0 / 9);
    assertThat(overall.get("balance").asDouble()).isEqualTo(25.0 / 6 - 21.0 / 9);
    assertThat(overall.get("style").asText()).isEqualTo("LEADING");
    assertThat(sqlScores(responses, items)).isEqualTo(javaScores(responses));
  }

  @Test
  void shouldAgreeWithTheProjectsScoringOnSeededRandomTeams() throws Exception {
    for (long seed = 1; seed <= 12; seed++) {
      List<SurveyResponse> responses = randomTeams(new SplittableRandom(seed));

      Map<String, ObjectNode> sql = sqlScores(responses, ITEMS);

      assertThat(sql).as("seed %d", seed).isEqualTo(javaScores(responses));
    }
  }

  @Test
  void shouldPublishSelfBalanceAndGapOnlyWithKSelfRaters() throws Exception {
    List<SurveyResponse> responses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      responses.add(response("S" + i, RaterGroup.SELF, "S" + i, ITEMS, 5, 5, 1, 1, 4, 4, 2, 2, 3, 3, 3, 3));
      responses.add(response("P" + i, RaterGroup.PEER, "S" + i, ITEMS, 4, 4, 2, 2, 3, 3, 3, 3, 1, 1, 5, 5));
    }

    JsonNode change = sqlScores(responses, ITEMS).get("2026-H2/T1").get("axes").get("CHANGE");

    assertThat(change.get("selfBalance").asDouble()).isEqualTo(4.0);
    assertThat(change.get("balance").asDouble()).isEqualTo(2.0);
    assertThat(change.get("gap").asDouble()).isEqualTo(2.0);
    assertThat(sqlScores(responses, ITEMS)).isEqualTo(javaScores(responses));
  }

  /** Teams whose groups have 0 to 5 raters, some rating two subjects, some in two groups, 15% answers missing. */
  private static List<SurveyResponse> randomTeams(SplittableRandom random) {
    List<SurveyResponse> responses = new ArrayList<>();
    for (int team = 0; team < 6; team++) {
      for (RaterGroup group : RaterGroup.values()) {
        int raters = random.nextInt(6);
        for (int r = 0; r < raters; r++) {
          // Rater ids repeat across groups now and then: one person as PEER of one subject, DIRECT_REPORT of another.
          String rater = "R" + team + "-" + (random.nextInt(4) == 0 ? r : group.ordinal() * 10 + r);
          int subjects = group == RaterGroup.SELF ? 1 : 1 + random.nextInt(2);
          for (int s = 0; s < subjects; s++) {
            String subject = group == RaterGroup.SELF ? rater : "S" + team + "-" + s;
            Integer[] scores = new Integer[ITEMS.size()];
            boolean blank = random.nextInt(15) == 0;
            for (int i = 0; i < scores.length; i++) {
              scores[i] = blank || random.nextInt(100) < 15 ? null : 1 + random.nextInt(5);
            }
            responses.add(response("2026-H" + (1 + team % 2), "T" + team, rater, group, subject, ITEMS, scores));
          }
        }
      }
    }
    // One key (cycle, subject, rater) counts once: keep the first response of each.
    Map<String, SurveyResponse> byKey = new LinkedHashMap<>();
    for (SurveyResponse response : responses) {
      byKey.putIfAbsent(response.getCycleId() + "|" + response.getSubjectId() + "|" + response.getRaterId(),
          response);
    }
    return new ArrayList<>(byKey.values());
  }

  private Map<String, ObjectNode> sqlScores(List<SurveyResponse> responses, List<String> items) throws Exception {
    Path csv = Files.createTempFile(dir, "export", ".csv");
    StringBuilder file = new StringBuilder("response_id,cycle_id,team_id,subject_id,rater_id,rater_group,"
        + "submitted_at,instrument_id,instrument_version,channel," + String.join(",", items) + "\n");
    for (SurveyResponse response : responses) {
      file.append(String.join(",", response.getResponseId(), response.getCycleId(), response.getTeamId(),
          response.getSubjectId(), response.getRaterId(), response.getRaterGroup().name(),
          response.getSubmittedAt().toString(), response.getInstrumentId(),
          Integer.toString(response.getInstrumentVersion()), response.getChannel().name()));
      for (String item : items) {
        Integer score = response.getAnswers().stream().filter(a -> a.getItemId().equals(item) && a.getScore() != null)
            .findFirst().map(Answer::getScore).orElse(null);
        file.append(',').append(score == null ? "" : score.toString());
      }
      file.append('\n');
    }
    Files.writeString(csv, file);
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      PeerSql sql = new PeerSql(duckdb);
      assertThat(sql.load(csv)).isEqualTo(responses.size());
      return sql.scores(K);
    }
  }

  /** The project's own scoring with every change published: the exact rules. */
  private static Map<String, ObjectNode> javaScores(List<SurveyResponse> responses) {
    ScoringConfig config = new ScoringConfig(K, 1);
    Map<TeamKey, TeamAggregate> teams = new HashMap<>();
    for (SurveyResponse response : responses) {
      teams.computeIfAbsent(new TeamKey(response.getCycleId(), response.getTeamId()),
          key -> new TeamAggregate(config)).add(response);
    }
    ScoreCalculator calculator = new ScoreCalculator(config);
    return teams.entrySet().stream().collect(Collectors.toMap(
        e -> e.getKey().getCycleId() + "/" + e.getKey().getTeamId(),
        e -> PeerSql.comparable(TeamScoresJson.toJson(calculator.scores(e.getKey(), e.getValue(), AT)))));
  }

  private static SurveyResponse response(String rater, RaterGroup group, String subject, List<String> items,
      Integer... scores) {
    return response("2026-H2", "T1", rater, group, subject, items, scores);
  }

  private static SurveyResponse response(String cycle, String team, String rater, RaterGroup group, String subject,
      List<String> items, Integer... scores) {
    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      Axis axis = Axis.valueOf(item.substring(0, item.indexOf('_')));
      Pole pole = item.charAt(item.indexOf('_') + 1) == 'L' ? Pole.LEADER : Pole.MANAGER;
      answers.add(new Answer(item, axis, pole, scores[i]));
    }
    return SurveyResponse.newBuilder().setResponseId(cycle + "-" + team + "-" + rater + "-" + subject)
        .setCycleId(cycle).setTeamId(team).setSubjectId(subject).setRaterId(rater).setRaterGroup(group)
        .setSubmittedAt(AT).setInstrumentId("leadership-vs-management").setInstrumentVersion(1)
        .setAnswers(answers).setChannel(Channel.WEB).build();
  }
}
