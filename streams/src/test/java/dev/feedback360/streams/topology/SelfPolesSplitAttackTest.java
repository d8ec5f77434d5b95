package dev.feedback360.streams.topology;

import static dev.feedback360.testkit.Responses.keyOf;
import static dev.feedback360.testkit.Responses.response;
import static dev.feedback360.testkit.WorkedExample.CYCLE;
import static dev.feedback360.testkit.WorkedExample.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known open (fortieth review, 2026-12-05; docs/privacy.md, "What remains"): an axis's SELF poles publish together,
 * or the pole published alone first keeps the other with it, but a joint batch may finish a split that a lone leader
 * batch started (or a lone leader batch finish one a joint batch started). Disabled until closed: each test fails on
 * the code while the leak is open. Six self-raters of two shapes (S1, S2, S5, W: two leader items and one manager item; V, S4: two of
 * each), so the team's SELF counts are 12 (leader) and 8 (manager) and 24 selfBalance = 2 SL - 3 SM. S1 and S2 raise
 * their leader sums by 3 and 3 and their manager sums by 4 over two saves: nothing at the team's counts over both,
 * something in each save and at their own forms' counts (3 + 3 against 2 x 4). V corrects leader items only; W, the
 * attacker, edits its own form. The record before the two batches and the one after them differ in selfBalance by V's
 * and W's changes alone.
 */
class SelfPolesSplitAttackTest {

  private static final Topics TOPICS = Topics.defaults();
  private static final TeamKey T1 = new TeamKey(CYCLE, "T1");

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<ResponseKey, SurveyResponse> responses;
  private TestOutputTopic<TeamKey, TeamScores> scores;
  private final List<TeamScores> all = new ArrayList<>();
  private int second;

  private void start(ScoringConfig scoring) {
    close();
    all.clear();
    StreamsSettings settings = new StreamsSettings("unused:9092", "self-poles-split-test", stateDir, TOPICS,
        TopicSettings.defaults(), scoring, Map.of());
    driver = new TopologyTestDriver(TeamScoresTopology.build(TOPICS, scoring), settings.toProperties());
    responses = driver.createInputTopic(TOPICS.responses(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.surveyResponse().serializer());
    scores = driver.createOutputTopic(TOPICS.scores(), AvroSerdes.teamKey().deserializer(),
        AvroSerdes.teamScores().deserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  /** Sends the lines; returns T1's latest record after the last. */
  private TeamScores script(String... lines) {
    for (String line : lines) {
      String[] words = line.trim().split("\\s+");
      Instant at = T0.plusSeconds(++second);
      if (words[0].equals("wd")) {
        responses.pipeInput(new ResponseKey(CYCLE, words[1], words[2]), null, at);
      } else {
        SurveyResponse response = response(CYCLE, words[1], words[2], words[3], RaterGroup.valueOf(words[4]), at,
            String.join(" ", Arrays.copyOfRange(words, 5, words.length)));
        responses.pipeInput(keyOf(response), response, at);
      }
      for (KeyValue<TeamKey, TeamScores> record : scores.readKeyValuesToList()) {
        if (record.key.equals(T1) && record.value != null) {
          all.add(record.value);
        }
      }
    }
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  private static Double selfBalance(TeamScores t) {
    return t.getAxes().getChange().getSelfBalance();
  }

  /**
   * The lone leader batch, then the joint batch with W's form (wl1, wl2, wm1); returns V's leader change as the
   * attacker recovers it from R0 and each later record.
   */
  private List<Double> run(int wl1, int wl2, int wm1) {
    start(ScoringConfig.defaults());
    second = 0;
    script("sub T1 S0 P1 PEER CHANGE_L1=4 CHANGE_L2=3 CHANGE_M1=4 CHANGE_M2=3",
        "sub T1 S0 P2 PEER CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=1 CHANGE_M2=1",
        "sub T1 S0 P3 PEER CHANGE_L1=4 CHANGE_L2=1 CHANGE_M1=1 CHANGE_M2=3",
        "sub T1 S1 S1 SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=1",
        "sub T1 S2 S2 SELF CHANGE_L1=1 CHANGE_L2=2 CHANGE_M1=1",
        "sub T1 S3 V SELF CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3 CHANGE_M2=3",
        "sub T1 S4 S4 SELF CHANGE_L1=5 CHANGE_L2=1 CHANGE_M1=2 CHANGE_M2=4",
        "sub T1 S5 S5 SELF CHANGE_L1=1 CHANGE_L2=3 CHANGE_M1=5",
        "sub T1 S6 W SELF CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=2");
    TeamScores r0 = all.get(all.size() - 1);
    int mark = all.size();
    // Lone leader batch: S1 and S2 raise their leader sums by 3, V corrects leader items only (6 -> 2: -4).
    script("sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=3 CHANGE_M1=1",
        "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=1",
        "sub T1 S3 V SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=3 CHANGE_M2=3");
    // Joint batch: S1 and S2 raise leader by 3 more and manager by 4 (over both saves +6 and +4: nothing at the
    // team's counts 12 and 8); W, the attacker, edits its own form.
    script("sub T1 S1 S1 SELF CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=5",
        "sub T1 S2 S2 SELF CHANGE_L1=5 CHANGE_L2=4 CHANGE_M1=5",
        "sub T1 S6 W SELF CHANGE_L1=" + wl1 + " CHANGE_L2=" + wl2 + " CHANGE_M1=" + wm1);
    int wL = wl1 + wl2 - 5;
    int wM = wm1 - 2;
    double before = selfBalance(r0);
    List<Double> recovered = new ArrayList<>();
    for (int i = mark; i < all.size(); i++) {
      Double sb = selfBalance(all.get(i));
      if (sb != null) {
        // 24 * delta selfBalance = 2 dSL - 3 dSM = 2 (dV + wL) - 3 wM
        recovered.add((24 * (sb - before) - 2 * wL + 3 * wM) / 2);
      }
    }
    return recovered;
  }

  /**
   * The fortieth review's sequence with W's joint-batch form 1, 3, 4 (leader 5 -> 4: -1; manager 2 -> 4: +2). R0 is
   * the record before the lone leader batch, the last record the one after the joint batch: 24 times their
   * selfBalance difference is 2 dV + 2 wL - 3 wM, so W, knowing its own change, reads V's leader change (-4).
   */
  @Test
  @Disabled("LEAK (fortieth review, known open): the key's means reading takes a self form's counts for the team's, "
      + "and a lone leader batch then a joint one leave V's leader change in 24 x the selfBalance difference")
  void shouldNotLetAJointBatchFinishALoneLeaderPolesSplit() {
    List<Double> recovered = run(1, 3, 4);
    assertThat(recovered.get(recovered.size() - 1)).as("V's leader change read from R0 and the last record")
        .isNotCloseTo(-4.0, within(1e-9));
  }

  /**
   * The same split the other way round: the joint batch first (S1 and S2 leader +3 and manager +4, W's edit), then
   * the lone leader batch (S1 and S2 leader +3 more, V's leader-only correction). Returns V's leader change as read
   * from R0 and each later record.
   */
  private List<Double> runJointFirst(int wl1, int wl2, int wm1) {
    start(ScoringConfig.defaults());
    second = 0;
    script("sub T1 S0 P1 PEER CHANGE_L1=4 CHANGE_L2=3 CHANGE_M1=4 CHANGE_M2=3",
        "sub T1 S0 P2 PEER CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=1 CHANGE_M2=1",
        "sub T1 S0 P3 PEER CHANGE_L1=4 CHANGE_L2=1 CHANGE_M1=1 CHANGE_M2=3",
        "sub T1 S1 S1 SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=1",
        "sub T1 S2 S2 SELF CHANGE_L1=1 CHANGE_L2=2 CHANGE_M1=1",
        "sub T1 S3 V SELF CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3 CHANGE_M2=3",
        "sub T1 S4 S4 SELF CHANGE_L1=5 CHANGE_L2=1 CHANGE_M1=2 CHANGE_M2=4",
        "sub T1 S5 S5 SELF CHANGE_L1=1 CHANGE_L2=3 CHANGE_M1=5",
        "sub T1 S6 W SELF CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=2");
    TeamScores r0 = all.get(all.size() - 1);
    int mark = all.size();
    script("sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=3 CHANGE_M1=5",
        "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=5",
        "sub T1 S6 W SELF CHANGE_L1=" + wl1 + " CHANGE_L2=" + wl2 + " CHANGE_M1=" + wm1);
    script("sub T1 S1 S1 SELF CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=5",
        "sub T1 S2 S2 SELF CHANGE_L1=5 CHANGE_L2=4 CHANGE_M1=5",
        "sub T1 S3 V SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=3 CHANGE_M2=3");
    int wL = wl1 + wl2 - 5;
    int wM = wm1 - 2;
    double before = selfBalance(r0);
    List<Double> recovered = new ArrayList<>();
    for (int i = mark; i < all.size(); i++) {
      Double sb = selfBalance(all.get(i));
      if (sb != null) {
        recovered.add((24 * (sb - before) - 2 * wL + 3 * wM) / 2);
      }
    }
    return recovered;
  }

  /** The same split the other way round: 36 of the 125 forms W may send leave V's change (W's form 1, 3, 4 here). */
  @Test
  @Disabled("LEAK (fortieth review, known open): a joint batch then a lone leader batch, the same reading")
  void shouldNotLetALoneLeaderBatchFinishAJointBatchsSplit() {
    List<Double> recovered = runJointFirst(1, 3, 4);
    assertThat(recovered.get(recovered.size() - 1)).as("V's leader change read from R0 and the last record")
        .isNotCloseTo(-4.0, within(1e-9));
  }
}
