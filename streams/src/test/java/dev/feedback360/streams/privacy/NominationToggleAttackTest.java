package dev.feedback360.streams.privacy;

import static dev.feedback360.streams.privacy.AttackHarness.answer;
import static dev.feedback360.streams.privacy.AttackHarness.contribution;
import static dev.feedback360.streams.privacy.AttackHarness.difference;
import static dev.feedback360.streams.privacy.AttackHarness.isolates;
import static dev.feedback360.streams.privacy.AttackHarness.key;
import static dev.feedback360.streams.privacy.AttackHarness.nomination;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.streams.privacy.AttackHarness.Seen;
import dev.feedback360.streams.topology.Roster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 3 (HR insider who can write survey-nominations and reads the outputs), strict roster, k = N = 3: a removed
 * nomination takes its response out of the scores like a withdrawal, a re-added one puts it back. Can toggling
 * nominations make two published score records differ by a single rater?
 */
class NominationToggleAttackTest {

  private static final String TEAM = "T1";
  private static final Map<String, Integer[]> PEERS = new LinkedHashMap<>();

  static {
    PEERS.put("A", new Integer[] {1, 2, 3, 4, 5, 1});
    PEERS.put("B", new Integer[] {2, 3, 4, 5, 1, 2});
    PEERS.put("C", new Integer[] {3, 4, 5, 1, 2, 3});
    PEERS.put("D", new Integer[] {4, 5, 1, 2, 3, 4});
    PEERS.put("E", new Integer[] {5, 1, 2, 3, 4, 5});
    PEERS.put("F", new Integer[] {1, 3, 5, 2, 4, 1});
  }

  /** The target: the one rater the insider wants to single out. */
  private static final Integer[] X = {5, 5, 4, 1, 1, 2};

  @TempDir
  Path stateDir;

  private AttackHarness harness;
  private int second;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  /** Six nominated peers answer (published in two batches of three); the target X is nominated and answers. */
  private void honestPhase() {
    harness = new AttackHarness(stateDir, Roster.STRICT, 3, 3);
    for (Map.Entry<String, Integer[]> peer : PEERS.entrySet()) {
      harness.nominate(nomination(TEAM, "S1", peer.getKey(), RaterGroup.PEER, ++second));
      harness.send(answer(TEAM, "S1", peer.getKey(), RaterGroup.PEER, ++second, peer.getValue()));
    }
    harness.nominate(nomination(TEAM, "S1", "X", RaterGroup.PEER, ++second));
    harness.send(answer(TEAM, "S1", "X", RaterGroup.PEER, ++second, X));
  }

  private void remove(String rater) {
    harness.removeNomination(key("S1", rater), ++second);
  }

  private void readd(String rater) {
    harness.nominate(nomination(TEAM, "S1", rater, RaterGroup.PEER, ++second));
  }

  /** Every published record of the team that shows at least one mean. */
  private List<JsonNode> recordsWithMeans() {
    List<JsonNode> records = new ArrayList<>();
    for (Seen seen : harness.scores(TEAM)) {
      long[][] totals = AttackHarness.totals(seen.value());
      for (long[] cell : totals) {
        if (cell != null) {
          records.add(seen.value());
          break;
        }
      }
    }
    return records;
  }

  /** Pairs (i, j), i before j, of the given records whose difference is exactly +-one response of A..F or X. */
  private static List<String> isolatingPairs(List<JsonNode> records, boolean consecutiveOnly) {
    Map<String, Integer[]> everyone = new LinkedHashMap<>(PEERS);
    everyone.put("X", X);
    List<String> found = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      for (int j = i + 1; j < records.size(); j++) {
        if (consecutiveOnly && j != i + 1) {
          continue;
        }
        long[][] diff = difference(records.get(i), records.get(j));
        for (Map.Entry<String, Integer[]> rater : everyone.entrySet()) {
          long[][] own = contribution(rater.getValue());
          if (isolates(diff, own, 1) || isolates(diff, own, -1)) {
            found.add("records " + i + " and " + j + " differ by exactly " + rater.getKey() + "'s answers");
          }
        }
      }
    }
    return found;
  }

  @Test
  void shouldNotPublishWhenOneRatersNominationIsRemovedAndReAdded() {
    honestPhase();
    int before = harness.scores(TEAM).size();
    JsonNode published = harness.scores(TEAM).get(before - 1).value();

    remove("A");
    readd("A");
    remove("X");
    readd("X");

    List<Seen> after = harness.scores(TEAM);
    for (Seen seen : after.subList(before, after.size())) {
      assertThat(AttackHarness.allZero(difference(published, seen.value())))
          .as("a single rater toggled: the published means must not move")
          .isTrue();
    }
    assertThat(isolatingPairs(recordsWithMeans(), false)).isEmpty();
  }

  @Test
  void shouldKeepEveryConsecutivePairOfRecordsAtLeastNRatersApartWhileTheInsiderToggles() {
    honestPhase();
    toggleTheTargetOut();

    assertThat(isolatingPairs(recordsWithMeans(), true))
        .as("the rule N holds between neighbours: every batch is three raters")
        .isEmpty();
  }

  @Test
  void shouldNotLetNominationTogglesIsolateOneRatersAnswers() {
    honestPhase();
    toggleTheTargetOut();

    assertThat(isolatingPairs(recordsWithMeans(), false))
        .as("no two published records may differ by exactly one rater's answers")
        .isEmpty();
  }

  @Test
  void shouldNotLetNominationTogglesTakeOnePublishedRaterOut() {
    harness = new AttackHarness(stateDir, Roster.STRICT, 3, 3);
    harness.nominate(nomination(TEAM, "S1", "X", RaterGroup.PEER, ++second));
    harness.send(answer(TEAM, "S1", "X", RaterGroup.PEER, ++second, X));
    for (Map.Entry<String, Integer[]> peer : PEERS.entrySet()) {
      harness.nominate(nomination(TEAM, "S1", peer.getKey(), RaterGroup.PEER, ++second));
      harness.send(answer(TEAM, "S1", peer.getKey(), RaterGroup.PEER, ++second, peer.getValue()));
    }
    // Two more peers, so that X and A..F and these make three whole batches.
    for (String peer : List.of("G", "H")) {
      harness.nominate(nomination(TEAM, "S1", peer, RaterGroup.PEER, ++second));
      harness.send(answer(TEAM, "S1", peer, RaterGroup.PEER, ++second, 2, 2, 4, 4, 3, peer.equals("G") ? 1 : 5));
    }
    assertThat(harness.scores(TEAM).get(harness.scores(TEAM).size() - 1).value().path("pendingRaters").asInt())
        .as("X, A..F, G and H all published").isZero();

    remove("X");
    remove("A");
    remove("B");
    readd("A");
    remove("C");
    remove("D");
    readd("B");
    readd("C");
    readd("D");

    assertThat(isolatingPairs(recordsWithMeans(), false)).isEmpty();
  }

  /**
   * The insider's sequence: published part {A..F} while X is pending; flip {X, A, B}, then {A, C, D}, then {B, C,
   * D}. X flips once, A..D twice: the part ends as {A..F, X}. The group stays at 4 or more raters (in the pool).
   */
  private void toggleTheTargetOut() {
    remove("A");
    remove("B");
    readd("A");
    remove("C");
    remove("D");
    readd("B");
    readd("C");
    readd("D");
  }
}
