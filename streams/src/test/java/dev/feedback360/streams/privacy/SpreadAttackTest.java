package dev.feedback360.streams.privacy;

import static dev.feedback360.streams.privacy.AttackHarness.CELLS;
import static dev.feedback360.streams.privacy.AttackHarness.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.streams.privacy.AttackHarness.Seen;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.testkit.Responses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 72: a published sd gives a cell's sum of squares, and n times the squares equals the sum squared exactly when
 * every answer behind them is one value. A rater in a batch of N = 3 takes their own answers out of the two records'
 * difference and reads whether the other two raters' answers on a cell are all alike, and then what they are
 * (docs/privacy.md, "A spread of zero names the answers"). With --withhold-sd only the scale's ends prove it: every
 * answer 1 (the mean 1) or every answer 5. The reader here is written from the JSON contract, not from the topology.
 */
class SpreadAttackTest {

  private static final int[] P1 = {3, 4, 2, 3, 4, 2};
  private static final int[] P2 = {4, 4, 3, 2, 3, 3};
  private static final int[] P3 = {2, 5, 3, 3, 5, 4};
  /** The attacker: one of the batch's three raters. */
  private static final int[] A = {3, 4, 2, 2, 3, 3};
  /** The victims: alike on FOCUS leader (4 and 4), apart on every other cell. */
  private static final int[] V1 = {4, 3, 4, 4, 2, 2};
  private static final int[] V2 = {5, 2, 4, 3, 4, 4};
  private static final int FOCUS_LEADER = 2;

  @TempDir
  Path stateDir;

  private AttackHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void shouldLetARaterReadTwoOthersWhoAnsweredACellAlikeWhileSdIsPublished() {
    List<Integer> read = attack(ScoringConfig.defaults(), "T1", P1, P2, P3, A, V1, V2);

    assertThat(read).as("FOCUS leader read as both victims' 4").containsExactly(null, null, 4, null, null, null);
  }

  @Test
  void shouldLeaveTheSameRaterNothingToReadWhenSdIsWithheld() {
    List<Integer> read = attack(ScoringConfig.defaults().withholdingSd(true), "T1", P1, P2, P3, A, V1, V2);

    assertThat(harness.scores()).isNotEmpty().allSatisfy(seen -> cellsOf(seen.value())
        .forEach(cell -> assertThat(cell.path("sd").isNull()).as(cell.toString()).isTrue()));
    assertThat(read).containsOnlyNulls();
  }

  /**
   * Seeded random teams, every answer drawn from 1 to 5: with sd published the rater reads some victims' cells
   * (all alike), never wrongly; withheld, only cells whose victims all answered 1 or all 5.
   */
  @Test
  void shouldReadOnlyTheScalesEndsWithoutSdOverRandomTeams() {
    Random random = new Random(72);
    List<int[][]> teams = new ArrayList<>();
    for (int t = 0; t < 150; t++) {
      int[][] raters = new int[6][CELLS.length];
      for (int[] rater : raters) {
        for (int c = 0; c < rater.length; c++) {
          rater[c] = 1 + random.nextInt(5);
        }
      }
      teams.add(raters);
    }
    int[] withSd = readAll(ScoringConfig.defaults(), teams);
    close();
    int[] withheld = readAll(ScoringConfig.defaults().withholdingSd(true), teams);

    // {cells read, of them at a scale's end, batches published}
    assertThat(withSd[2]).as("batches published").isEqualTo(teams.size());
    assertThat(withheld[2]).isEqualTo(teams.size());
    assertThat(withSd[0]).as("cells read with sd").isGreaterThan(withheld[0]).isGreaterThan(withSd[1]);
    assertThat(withheld[0]).as("cells read without sd are the ends").isEqualTo(withheld[1]);
    assertThat(withheld[1]).isEqualTo(withSd[1]);
  }

  /**
   * Review 73: the rule's waits read the squares too (a batch whose squares cancel down to fewer than N raters waits),
   * and under --withhold-sd such a wait was the only thing the squares changed: the attacker P1 corrected CHANGE
   * leader from 3, 5 to 1, 5 (the squares down by 8), and the batch {V, P1, W} waited exactly when V or W had
   * answered 2, 2 (the squares up by 8). With sd withheld the rule reads the sums in their place: the batch
   * publishes whatever V answered. With sd published the wait stays: publishing would show the cancellation.
   */
  @Test
  void shouldNotWaitOnTheSquaresAloneWhenSdIsWithheld() {
    assertThat(probe(ScoringConfig.defaults(), "2", "2")).as("sd published: waits").isEqualTo(6);
    close();
    assertThat(probe(ScoringConfig.defaults(), "3", "4")).as("sd published, another V: publishes").isEqualTo(10);
    close();
    assertThat(probe(ScoringConfig.defaults().withholdingSd(true), "2", "2")).as("withheld").isEqualTo(10);
    close();
    assertThat(probe(ScoringConfig.defaults().withholdingSd(true), "3", "4")).as("withheld").isEqualTo(10);
  }

  /** The CHANGE leader n that the probe's last record shows after V's answer, P1's correction and W's answer. */
  private long probe(ScoringConfig scoring, String victimFirst, String victimSecond) {
    harness = new AttackHarness(stateDir.resolve("probe-" + scoring.withholdsSd() + victimFirst + victimSecond),
        Roster.OPEN, scoring);
    String[][] inputs = {{"P1", "3", "5"}, {"P2", "4", "3"}, {"P3", "2", "4"}, {"V", victimFirst, victimSecond},
        {"P1", "1", "5"}, {"W", "3", "5"}};
    for (int i = 0; i < inputs.length; i++) {
      harness.send(Responses.response(AttackHarness.CYCLE, "T1", "S1", inputs[i][0], RaterGroup.PEER,
          AttackHarness.T0.plusSeconds(i), "CHANGE_L1=" + inputs[i][1] + " CHANGE_L2=" + inputs[i][2]));
    }
    return cell(last("T1"), 0).path("n").asLong();
  }

  /**
   * Two histories that differ only in the squares of the answers publish the same records, byte for byte, under
   * --withhold-sd: every cell of every form is answered with one of {@link #OPTIONS} in one history and with its
   * {@link #TWIN} (the same count and sum, other squares where the count is two) in the other, so answers are added
   * and taken away (blanks), corrected to scores of one value and back (3, 3 against 2, 4 and 1, 5: review 74), moved
   * between cells, copied and withdrawn. No check, on the key's side or the team's, reads what no record shows. With
   * sd published they differ (teeth).
   */
  @Test
  void shouldPublishTheSameRecordsForAnswersOfTheSameCountsAndSumsWhenSdIsWithheld() {
    int differing = 0;
    for (long seed = 1; seed <= 30; seed++) {
      List<List<String>> histories = new ArrayList<>();
      for (boolean withheld : new boolean[] {true, false}) {
        for (boolean twin : new boolean[] {false, true}) {
          histories.add(history(seed, twin, ScoringConfig.defaults().withholdingSd(withheld)));
        }
      }
      assertThat(histories.get(0)).as("seed %d", seed).hasSizeGreaterThan(1).isEqualTo(histories.get(1));
      if (!histories.get(2).equals(histories.get(3))) {
        differing++;
      }
    }
    // Some twins' squares add up alike over the raters a record shows (2, 4 for 3, 3 beside 2, 2 for 1, 3).
    assertThat(differing).as("twins whose records differ with sd published").isGreaterThan(12);
  }

  /**
   * Review 74: a correction whose sum moved by a whole score times its count reads, in counts and sums, as scores of
   * that value added (H's lone 2 corrected to 3 and 3: one 4 added, in sum - 4 n), whatever its squares say (one 4 and
   * a 2 turned 3 and 3 would move them by 16, these move them by 14). Beside the attacker's correction and the
   * victim's first answer it would leave, read about 4, the victim's sum: with sd withheld it counts nowhere and the
   * batch waits. With sd published the squares show it is no such change, and the batch publishes.
   */
  @Test
  void shouldCountNowhereACorrectionThatIsOneScoreValueInTheSumsWhenSdIsWithheld() {
    assertThat(oneValueInTheSums(ScoringConfig.defaults())).as("sd published: H counts").isEqualTo(8);
    close();
    assertThat(oneValueInTheSums(ScoringConfig.defaults().withholdingSd(true))).as("withheld: the batch waits")
        .isEqualTo(5);
  }

  /** The CHANGE leader n the last record shows after P1's correction, H's 2 corrected to 3 and 3, and V's answer. */
  private long oneValueInTheSums(ScoringConfig scoring) {
    harness = new AttackHarness(stateDir.resolve("sums-" + scoring.withholdsSd()), Roster.OPEN, scoring);
    String[][] inputs = {{"P1", "3", "5"}, {"P2", "4", "3"}, {"H", "2", "NA"}, {"P1", "1", "5"}, {"H", "3", "3"},
        {"V", "4", "2"}};
    for (int i = 0; i < inputs.length; i++) {
      harness.send(Responses.response(AttackHarness.CYCLE, "T1", "S1", inputs[i][0], RaterGroup.PEER,
          AttackHarness.T0.plusSeconds(i), "CHANGE_L1=" + inputs[i][1] + " CHANGE_L2=" + inputs[i][2]));
    }
    return cell(last("T1"), 0).path("n").asLong();
  }

  /** A cell's two answers (0: not observed): one value, pairs apart, one answer, none. */
  private static final int[][] OPTIONS = {{3, 3}, {2, 4}, {1, 5}, {2, 2}, {1, 3}, {1, 4}, {2, 3}, {3, 0}, {0, 4},
      {0, 0}};
  /** Per option, its twin's index: the same count and sum, other squares where it can (a bijection). */
  private static final int[] TWIN = {1, 2, 0, 4, 3, 6, 5, 7, 8, 9};

  /**
   * A seeded random history of one team (first answers, corrections, earlier forms with their answers moved between
   * cells, copies, withdrawals), as JSON lines.
   */
  private List<String> history(long seed, boolean twin, ScoringConfig scoring) {
    close();
    harness = new AttackHarness(stateDir.resolve("twin-" + seed + twin + scoring.withholdsSd()), Roster.OPEN,
        scoring);
    Random random = new Random(seed);
    RaterGroup[] groups = {RaterGroup.PEER, RaterGroup.DIRECT_REPORT, RaterGroup.OTHER};
    List<SurveyResponse> sent = new ArrayList<>();
    for (int step = 0; step < 40; step++) {
      int rater = random.nextInt(10);
      if (step > 10 && random.nextInt(12) == 0) {
        harness.withdraw(AttackHarness.key("S1", "R" + rater), step);
        continue;
      }
      SurveyResponse earlier = sent.isEmpty() ? null : sent.get(random.nextInt(sent.size()));
      if (earlier != null && random.nextInt(6) == 0) {
        // Answers moved between cells: the rater sends an earlier form with its cells' pairs rotated by one cell.
        List<Integer> scores = earlier.getAnswers().stream().map(answer -> answer.getScore()).toList();
        StringBuilder moved = new StringBuilder();
        for (int item = 0; item < scores.size(); item++) {
          Integer score = scores.get((item + 2) % scores.size());
          moved.append(Responses.ITEMS.get(item)).append('=').append(score == null ? "NA" : score).append(' ');
        }
        SurveyResponse response = Responses.response(AttackHarness.CYCLE, "T1", "S1", "R" + rater,
            groups[rater % groups.length], AttackHarness.T0.plusSeconds(step), moved.toString());
        sent.add(response);
        harness.send(response);
        continue;
      }
      if (earlier != null && random.nextInt(8) == 0) {
        // A revert: a rater sends again what some rater sent before (same answers, this rater's key and time).
        harness.send(Responses.copy(earlier).setRaterId("R" + rater).setRaterGroup(groups[rater % groups.length])
            .setResponseId("again-" + step).setSubmittedAt(AttackHarness.T0.plusSeconds(step)).build());
        continue;
      }
      StringBuilder items = new StringBuilder();
      for (int cell = 0; cell < Responses.ITEMS.size() / 2; cell++) {
        int option = random.nextInt(OPTIONS.length);
        int[] pair = OPTIONS[twin ? TWIN[option] : option];
        boolean swapped = random.nextBoolean();
        items.append(item(cell * 2, pair[swapped ? 1 : 0])).append(item(cell * 2 + 1, pair[swapped ? 0 : 1]));
      }
      SurveyResponse response = Responses.response(AttackHarness.CYCLE, "T1", "S1", "R" + rater,
          groups[rater % groups.length], AttackHarness.T0.plusSeconds(step), items.toString());
      sent.add(response);
      harness.send(response);
    }
    return harness.scores("T1").stream().map(seen -> String.valueOf(seen.value())).toList();
  }

  private static String item(int item, int score) {
    return Responses.ITEMS.get(item) + "=" + (score == 0 ? "NA" : String.valueOf(score)) + " ";
  }

  private int[] readAll(ScoringConfig scoring, List<int[][]> teams) {
    harness = new AttackHarness(stateDir.resolve(scoring.withholdsSd() ? "withheld" : "published"), Roster.OPEN,
        scoring);
    int read = 0;
    int ends = 0;
    int published = 0;
    for (int t = 0; t < teams.size(); t++) {
      int[][] raters = teams.get(t);
      List<Integer> values = run("T" + t, raters);
      if (values != null) {
        published++;
      }
      for (int c = 0; values != null && c < CELLS.length; c++) {
        if (values.get(c) != null) {
          assertThat(raters[4][c]).as("team %d cell %d read right", t, c).isEqualTo(values.get(c));
          assertThat(raters[5][c]).as("team %d cell %d read right", t, c).isEqualTo(values.get(c));
          read++;
          ends += values.get(c) == 1 || values.get(c) == 5 ? 1 : 0;
        }
      }
    }
    return new int[] {read, ends, published};
  }

  private List<Integer> attack(ScoringConfig scoring, String team, int[]... raters) {
    harness = new AttackHarness(stateDir, Roster.OPEN, scoring);
    List<Integer> read = run(team, raters);
    assertThat(read).as("the batch {A, V1, V2} published").isNotNull();
    return read;
  }

  /**
   * Three peers of the team's subject answer (published), then the attacker A and the victims V1 and V2 (one batch of
   * N = 3). Per cell, the
   * one value the attacker proves both victims answered, or null; null for all when the batch did not publish.
   */
  private List<Integer> run(String team, int[][] raters) {
    String[] names = {"P1", "P2", "P3", "A", "V1", "V2"};
    JsonNode before = null;
    for (int r = 0; r < raters.length; r++) {
      harness.send(answer(team, team + "-S1", names[r], RaterGroup.PEER, r, boxed(raters[r])));
      if (r == 2) {
        before = last(team);
      }
    }
    JsonNode after = last(team);
    if (before == null || after == null || after.equals(before)) {
      return null;
    }
    List<Integer> read = new ArrayList<>();
    for (int c = 0; c < CELLS.length; c++) {
      JsonNode was = cell(before, c);
      JsonNode is = cell(after, c);
      if (!shown(was) || !shown(is)) {
        read.add(null);
        continue;
      }
      long n = is.path("n").asLong() - was.path("n").asLong() - 1;
      long sum = sum(is) - sum(was) - raters[3][c];
      Long squares = squares(is) == null || squares(was) == null ? null
          : squares(is) - squares(was) - (long) raters[3][c] * raters[3][c];
      read.add(allOneValue(n, sum, squares));
    }
    return read;
  }

  /** The one value every one of n answers with this sum (and these squares, when known) must be; or null. */
  static Integer allOneValue(long n, long sum, Long squares) {
    if (n < 2) {
      return null;
    }
    if (sum == n || sum == 5 * n) {
      return (int) (sum / n);
    }
    return squares != null && n * squares == sum * sum && sum % n == 0 ? (int) (sum / n) : null;
  }

  private JsonNode last(String team) {
    List<Seen> seen = harness.scores(team);
    return seen.isEmpty() ? null : seen.get(seen.size() - 1).value();
  }

  private static List<JsonNode> cellsOf(JsonNode record) {
    List<JsonNode> cells = new ArrayList<>();
    for (int c = 0; record != null && c < CELLS.length; c++) {
      cells.add(cell(record, c));
    }
    return cells;
  }

  private static JsonNode cell(JsonNode record, int c) {
    return record.path("axes").path(CELLS[c][0]).path(CELLS[c][1]);
  }

  private static boolean shown(JsonNode cell) {
    return cell.path("mean").isNumber();
  }

  private static long sum(JsonNode cell) {
    return Math.round(cell.path("mean").asDouble() * cell.path("n").asLong());
  }

  /** round((sd^2 n (n - 1) + sum^2) / n), or null where no sd is published. */
  private static Long squares(JsonNode cell) {
    if (!cell.path("sd").isNumber()) {
      return null;
    }
    double sd = cell.path("sd").asDouble();
    long n = cell.path("n").asLong();
    long sum = sum(cell);
    return Math.round((sd * sd * n * (n - 1) + (double) sum * sum) / n);
  }

  private static Integer[] boxed(int[] scores) {
    Integer[] boxed = new Integer[scores.length];
    for (int i = 0; i < scores.length; i++) {
      boxed[i] = scores[i];
    }
    return boxed;
  }
}
