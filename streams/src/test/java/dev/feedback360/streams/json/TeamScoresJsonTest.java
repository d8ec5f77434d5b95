package dev.feedback360.streams.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.AxesScores;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.OverallScores;
import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.RaterCounts;
import dev.feedback360.avro.Style;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.export.ScoresCsv;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.testkit.WorkedExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TeamScoresJsonTest {

  /**
   * The worked example of docs/scoring.md in the JSON contract as the default rule (k = N = 3) publishes it, numbers
   * as fractions computed by hand. FOCUS leader: only P1 and P2 scored it, two changes pending on the peers' part
   * (fewer than N), so nothing of it is published yet and pendingRaters is 2. SELF has one rater (fewer than k): no
   * selfBalance. updatedAt is P3's submission, the change that published the peers' parts.
   */
  private static final String EXPECTED = """
      {"cycleId":"2026-H2","teamId":"T1","status":"PUBLISHED","minRaters":3,"minChange":3,
       "raters":{"SELF":1,"MANAGER":1,"PEER":3,"DIRECT_REPORT":2,"OTHER":0},"pendingRaters":2,
       "axes":{
        "CHANGE":{"leader":{"mean":4.166666666666667,"sd":0.752772652709081,"n":6,"raters":3},
                  "manager":{"mean":2.1666666666666665,"sd":0.752772652709081,"n":6,"raters":3},
                  "balance":2.0,"selfBalance":null,"gap":null},
        "FOCUS":{"leader":{"mean":null,"sd":null,"n":0,"raters":0},
                 "manager":{"mean":2.6666666666666665,"sd":0.5773502691896257,"n":3,"raters":3},
                 "balance":null,"selfBalance":null,"gap":null},
        "HORIZON":{"leader":{"mean":null,"sd":null,"n":0,"raters":0},
                   "manager":{"mean":null,"sd":null,"n":0,"raters":0},
                   "balance":null,"selfBalance":null,"gap":null}},
       "overall":{"leaderMean":4.166666666666667,"managerMean":2.3333333333333335,"balance":1.8333333333333333,
                  "style":"LEADING"},
       "updatedAt":"2026-10-01T09:00:03Z"}
      """;

  private final ObjectMapper mapper = JsonNumbers.mapper();

  @Test
  void shouldWriteTheWorkedExampleInTheJsonContract() throws Exception {
    TeamAggregate aggregate = new TeamAggregate(ScoringConfig.defaults());
    for (SurveyResponse response : WorkedExample.responses()) {
      aggregate.change(null, TeamAggregate.contribution(response), response.getSubmittedAt());
    }
    TeamScores scores = new ScoreCalculator(ScoringConfig.defaults())
        .scores(new TeamKey(WorkedExample.CYCLE, WorkedExample.TEAM), aggregate);

    String line = TeamScoresJson.toJsonLine(scores);

    assertThat(line).doesNotContain("\n").startsWith("{\"cycleId\":\"2026-H2\",\"teamId\":\"T1\",\"status\"");
    assertSameJson(mapper.readTree(line), mapper.readTree(EXPECTED), "$");
  }

  @Test
  void shouldKeepFieldsInContractOrder() throws Exception {
    TeamAggregate aggregate = new TeamAggregate();
    WorkedExample.responses().forEach(aggregate::add);
    TeamScores scores = new ScoreCalculator(ScoringConfig.defaults())
        .scores(new TeamKey("c", "t"), aggregate, WorkedExample.T0);

    JsonNode json = mapper.readTree(TeamScoresJson.toJsonLine(scores));

    assertThat(names(json)).containsExactly("cycleId", "teamId", "status", "minRaters", "minChange", "raters",
        "pendingRaters", "axes", "overall", "updatedAt");
    assertThat(names(json.get("axes").get("CHANGE")))
        .containsExactly("leader", "manager", "balance", "selfBalance", "gap");
    assertThat(names(json.get("axes").get("CHANGE").get("leader"))).containsExactly("mean", "sd", "n", "raters");
  }

  @Test
  void shouldStreamExactlyTheCharactersOfTheJsonTree() throws Exception {
    TeamAggregate aggregate = new TeamAggregate();
    WorkedExample.responses().forEach(aggregate::add);
    TeamScores published = new ScoreCalculator(ScoringConfig.defaults())
        .scores(new TeamKey(WorkedExample.CYCLE, WorkedExample.TEAM), aggregate, WorkedExample.lastSubmittedAt());
    TeamAggregate lonely = new TeamAggregate();
    lonely.add(WorkedExample.responses().get(0));
    TeamScores suppressed = new ScoreCalculator(ScoringConfig.defaults())
        .scores(new TeamKey("c", "t"), lonely, WorkedExample.T0);

    for (TeamScores scores : List.of(published, suppressed)) {
      assertThat(TeamScoresJson.toJsonLine(scores)).isEqualTo(mapper.writeValueAsString(TeamScoresJson.toJson(scores)));
    }
  }

  /**
   * The line is written by hand for plain identifiers and by Jackson otherwise: on random scores (numbers of every
   * kind, absent ones, non-finite ones, identifiers that need escaping or not) it must be exactly the text Jackson
   * writes for the tree.
   */
  @Test
  void shouldWriteExactlyWhatJacksonWritesForRandomScores() throws Exception {
    Random random = new Random(16);
    for (int i = 0; i < 5_000; i++) {
      TeamScores scores = TeamScores.newBuilder()
          .setCycleId(JsonIds.any(random))
          .setTeamId(JsonIds.any(random))
          .setStatus(PublicationStatus.values()[random.nextInt(PublicationStatus.values().length)])
          .setMinRaters(random.nextInt(1001))
          .setMinChange(random.nextInt(1001))
          .setRaters(new RaterCounts(random.nextInt(50), random.nextInt(50), random.nextInt(Integer.MAX_VALUE),
              random.nextInt(50), random.nextInt(50)))
          .setPendingRaters(random.nextInt(20))
          .setAxes(new AxesScores(axis(random), axis(random), axis(random)))
          .setOverall(new OverallScores(number(random), number(random), number(random),
              random.nextInt(4) == 0 ? null : Style.values()[random.nextInt(Style.values().length)]))
          .setUpdatedAt(Instant.ofEpochMilli(random.nextLong(-100_000_000_000_000L, 300_000_000_000_000L)))
          .build();

      String tree = mapper.writeValueAsString(TeamScoresJson.toJson(scores));

      assertThat(TeamScoresJson.toJsonLine(scores)).isEqualTo(tree).isEqualTo(TeamScoresJson.jacksonLine(scores));
    }
  }

  private static AxisScores axis(Random random) {
    return new AxisScores(cell(random), cell(random), number(random), number(random), number(random));
  }

  private static CellScores cell(Random random) {
    return new CellScores(number(random), number(random), random.nextInt(10_000), random.nextInt(1_000));
  }

  private static Double number(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> null;
      case 1 -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
          Double.MIN_VALUE, Double.MAX_VALUE, 1e-3, 9.999999e6, 1e7, 1e23, 2.0000000000000004}[random.nextInt(12)];
      case 2 -> Double.longBitsToDouble(random.nextLong());
      case 3 -> (random.nextDouble() - 0.5) * 8;
      default -> random.nextInt(5_000) / (double) (1 + random.nextInt(300));
    };
  }

  /**
   * Every double is written as the shortest decimal that reads back as it, whichever path writes it (the line by hand,
   * Jackson's generator, the CSV export): where Java 17's {@code Double.toString} writes a digit more ({@code 1.0E23}
   * as {@code 9.999999999999999E22}, 2^-44 as {@code 5.6843418860808015E-14}), the text would otherwise depend on the
   * Java version and on the output.
   */
  @Test
  void shouldWriteEachDoubleAsTheShortestDecimalThatReadsBackAsIt() throws Exception {
    double large = 1.0E23;
    double small = Math.scalb(1.0, -44);
    CellScores cell = new CellScores(large, small, 3, 3);
    CellScores empty = new CellScores(null, null, 0, 0);
    AxisScores axis = new AxisScores(cell, empty, null, null, null);
    AxisScores none = new AxisScores(empty, empty, null, null, null);
    for (String team : List.of("T1", "T\u00e91 \"quoted\"")) {
      TeamScores scores = TeamScores.newBuilder()
          .setCycleId("2026-H2")
          .setTeamId(team)
          .setStatus(PublicationStatus.PUBLISHED)
          .setMinRaters(3)
          .setMinChange(3)
          .setRaters(new RaterCounts(0, 0, 3, 0, 0))
          .setPendingRaters(0)
          .setAxes(new AxesScores(axis, none, none))
          .setOverall(new OverallScores(large, null, null, null))
          .setUpdatedAt(Instant.parse("2026-10-01T09:00:00Z"))
          .build();

      String line = TeamScoresJson.toJsonLine(scores);
      JsonNode read = mapper.readTree(line);

      assertThat(line).contains("\"mean\":1.0E23,\"sd\":5.684341886080802E-14,", "\"leaderMean\":1.0E23,");
      assertThat(read.at("/axes/CHANGE/leader/mean").doubleValue()).isEqualTo(large);
      assertThat(read.at("/axes/CHANGE/leader/sd").doubleValue()).isEqualTo(small);
      assertThat(TeamScoresJson.jacksonLine(scores)).isEqualTo(line);
      assertThat(ScoresCsv.row(scores)).contains(",1.0E23,5.684341886080802E-14,");
    }
  }

  @Test
  void shouldWriteTheWorkedExampleByteForByte() {
    TeamAggregate aggregate = new TeamAggregate();
    WorkedExample.responses().forEach(aggregate::add);
    TeamScores scores = new ScoreCalculator(ScoringConfig.defaults())
        .scores(new TeamKey(WorkedExample.CYCLE, WorkedExample.TEAM), aggregate, WorkedExample.lastSubmittedAt());

    // docs/scoring.md's worked example, as README's scores section shows it (on one line, fields in contract order).
    assertThat(TeamScoresJson.toJsonLine(scores)).isEqualTo("{\"cycleId\":\"2026-H2\",\"teamId\":\"T1\","
        + "\"status\":\"PUBLISHED\",\"minRaters\":3,\"minChange\":3,"
        + "\"raters\":{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0},\"pendingRaters\":0,"
        + "\"axes\":{\"CHANGE\":{\"leader\":{\"mean\":4.166666666666667,\"sd\":0.752772652709081,\"n\":6,\"raters\":3},"
        + "\"manager\":{\"mean\":2.1666666666666665,\"sd\":0.752772652709081,\"n\":6,\"raters\":3},"
        + "\"balance\":2.0000000000000004,\"selfBalance\":null,\"gap\":null},"
        + "\"FOCUS\":{\"leader\":{\"mean\":null,\"sd\":null,\"n\":2,\"raters\":2},"
        + "\"manager\":{\"mean\":2.6666666666666665,\"sd\":0.5773502691896257,\"n\":3,\"raters\":3},"
        + "\"balance\":null,\"selfBalance\":null,\"gap\":null},"
        + "\"HORIZON\":{\"leader\":{\"mean\":null,\"sd\":null,\"n\":0,\"raters\":0},"
        + "\"manager\":{\"mean\":null,\"sd\":null,\"n\":0,\"raters\":0},"
        + "\"balance\":null,\"selfBalance\":null,\"gap\":null}},"
        + "\"overall\":{\"leaderMean\":4.166666666666667,\"managerMean\":2.3333333333333335,"
        + "\"balance\":1.8333333333333335,\"style\":\"LEADING\"},"
        + "\"updatedAt\":\"2026-10-01T09:00:07Z\"}");
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Structural equality; numbers equal to within 1e-12 (the printed digits of a double may differ in the last). */
  private static void assertSameJson(JsonNode actual, JsonNode expected, String path) {
    if (expected.isNumber()) {
      assertThat(actual.isNumber()).as(path + " is a number").isTrue();
      assertThat(actual.doubleValue()).as(path).isCloseTo(expected.doubleValue(), within(1e-12));
      return;
    }
    if (expected.isObject()) {
      assertThat(names(actual)).as(path + " fields").containsExactlyElementsOf(names(expected));
      for (Iterator<String> it = expected.fieldNames(); it.hasNext();) {
        String name = it.next();
        assertSameJson(actual.get(name), expected.get(name), path + "." + name);
      }
      return;
    }
    assertThat(actual).as(path).isEqualTo(expected);
  }
}
