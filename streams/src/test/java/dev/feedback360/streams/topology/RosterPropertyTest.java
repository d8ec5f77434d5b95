package dev.feedback360.streams.topology;

import static dev.feedback360.testkit.Responses.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random sequences of nominations, removals, responses, corrections and withdrawals through the topology,
 * compared at the end with a model that recomputes everything from scratch from the final nomination and counted
 * response of each key (under the strict roster, a response taken out by its nomination's removal or move is erased): the participation JSON (all but updatedAt) and, under each roster, which raters the scores
 * count and their CHANGE leader mean.
 */
class RosterPropertyTest {

  private static final String CYCLE = "2026-H2";
  private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
  private static final List<String> TEAMS = List.of("T1", "T2");
  private static final List<String> SUBJECTS = List.of("S1", "S2");
  private static final List<String> RATERS = List.of("R1", "R2", "R3", "R4");
  private static final List<RaterGroup> GROUPS = List.of(RaterGroup.MANAGER, RaterGroup.PEER,
      RaterGroup.DIRECT_REPORT);
  private static final int SEEDS = 12;
  private static final int EVENTS = 80;
  private static final int K = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path stateDir;

  /** What the model keeps per key: the latest nomination value and the counted response (latest, not withdrawn). */
  private static final class Key {
    String nominatedTeam;
    RaterGroup nominatedGroup;
    SurveyResponse counted;
  }

  @ParameterizedTest
  @EnumSource(Roster.class)
  void shouldAgreeWithARecomputationFromScratch(Roster roster) {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed * 7919 + roster.ordinal());
      Map<String, Key> model = new HashMap<>();
      try (RosterDriver run = new RosterDriver(stateDir.resolve(roster + "-" + seed), roster, K)) {
        for (int event = 0; event < EVENTS; event++) {
          Instant at = T0.plusSeconds(event);
          String subject = SUBJECTS.get(random.nextInt(SUBJECTS.size()));
          String rater = RATERS.get(random.nextInt(RATERS.size()));
          Key key = model.computeIfAbsent(subject + "/" + rater, k -> new Key());
          String team = TEAMS.get(random.nextInt(TEAMS.size()));
          RaterGroup group = GROUPS.get(random.nextInt(GROUPS.size()));
          switch (random.nextInt(4)) {
            case 0 -> {
              run.nominate(new Nomination(CYCLE, team, subject, rater, group, at));
              renominate(key, team, group, roster);
            }
            case 1 -> {
              run.remove(new Nomination(CYCLE, team, subject, rater, group, null), at);
              renominate(key, null, null, roster);
            }
            case 2 -> {
              // A first response or a correction (later submittedAt, possibly another team or group).
              SurveyResponse answer = response(CYCLE, team, subject, rater, group, at,
                  "CHANGE_L1=" + (1 + random.nextInt(5)));
              run.send(answer);
              key.counted = answer;
            }
            default -> {
              run.withdraw(response(CYCLE, team, subject, rater, group, at, "CHANGE_L1=1"), at);
              key.counted = null;
            }
          }
        }
        String context = roster + " seed " + seed;
        assertThat(withoutUpdatedAt(run.participation())).as(context).isEqualTo(participation(model, roster));
        assertScores(run.scores(), model, roster, context);
      }
    }
  }

  /**
   * A nomination value (null team and group: a removal). Under the strict roster a response in the scores that stops
   * answering is erased, as by a withdrawal: a later matching nomination does not bring it back (every later
   * response in these sequences is submitted later, so it is not blocked by the erasure).
   */
  private static void renominate(Key key, String team, RaterGroup group, Roster roster) {
    boolean scoredBefore = inScores(key, roster);
    key.nominatedTeam = team;
    key.nominatedGroup = group;
    if (roster == Roster.STRICT && scoredBefore && !inScores(key, roster)) {
      key.counted = null;
    }
  }

  private static boolean answers(Key key) {
    return key.counted != null && key.counted.getTeamId().equals(key.nominatedTeam)
        && key.counted.getRaterGroup() == key.nominatedGroup;
  }

  private static boolean inScores(Key key, Roster roster) {
    return key.counted != null && (roster == Roster.OPEN || answers(key));
  }

  private static Map<String, JsonNode> participation(Map<String, Key> model, Roster roster) {
    Map<String, JsonNode> teams = new TreeMap<>();
    for (String team : TEAMS) {
      int unnominated = 0;
      boolean present = false;
      Map<RaterGroup, Set<String>> invited = new HashMap<>();
      Map<RaterGroup, Set<String>> responded = new HashMap<>();
      Map<RaterGroup, Set<String>> counted = new HashMap<>();
      for (Map.Entry<String, Key> entry : model.entrySet()) {
        String rater = entry.getKey().split("/")[1];
        Key key = entry.getValue();
        if (team.equals(key.nominatedTeam)) {
          present = true;
          invited.computeIfAbsent(key.nominatedGroup, g -> new HashSet<>()).add(rater);
          if (answers(key)) {
            responded.computeIfAbsent(key.nominatedGroup, g -> new HashSet<>()).add(rater);
          }
        }
        if (key.counted != null && team.equals(key.counted.getTeamId())) {
          present = true;
          if (!answers(key)) {
            unnominated++;
          }
          if (inScores(key, roster)) {
            counted.computeIfAbsent(key.counted.getRaterGroup(), g -> new HashSet<>()).add(rater);
          }
        }
      }
      if (!present) {
        continue;
      }
      ObjectNode json = JSON.createObjectNode();
      json.put("cycleId", CYCLE).put("teamId", team).put("roster", roster.optionName()).put("minRaters", K);
      ObjectNode groups = json.putObject("groups");
      int invitedTotal = 0;
      int respondedTotal = 0;
      for (RaterGroup group : RaterGroup.values()) {
        int in = invited.getOrDefault(group, Set.of()).size();
        int re = responded.getOrDefault(group, Set.of()).size();
        int co = counted.getOrDefault(group, Set.of()).size();
        if (in == 0 && co == 0) {
          continue;
        }
        ObjectNode figures = groups.putObject(group.name());
        figures.put("invited", in).put("responded", re);
        rate(figures, re, in);
        figures.put("counted", co).put("atRisk", in > 0 && co < K);
        invitedTotal += in;
        respondedTotal += re;
      }
      json.put("invited", invitedTotal).put("responded", respondedTotal);
      rate(json, respondedTotal, invitedTotal);
      json.put("unnominated", unnominated);
      teams.put(CYCLE + "/" + team, json);
    }
    return teams;
  }

  private static void rate(ObjectNode node, int responded, int invited) {
    if (invited == 0) {
      node.putNull("rate");
    } else {
      node.put("rate", (double) responded / invited);
    }
  }

  private static Map<String, JsonNode> withoutUpdatedAt(Map<String, JsonNode> published) {
    Map<String, JsonNode> stripped = new TreeMap<>();
    published.forEach((team, json) -> {
      ObjectNode copy = json.deepCopy();
      assertThat(copy.remove("updatedAt").isTextual()).as("updatedAt of " + team).isTrue();
      stripped.put(team, copy);
    });
    return stripped;
  }

  private static void assertScores(Map<TeamKey, TeamScores> scores, Map<String, Key> model, Roster roster,
      String context) {
    Map<String, List<Integer>> byTeam = new TreeMap<>();
    Map<String, Map<RaterGroup, Set<String>>> raters = new HashMap<>();
    for (Map.Entry<String, Key> entry : model.entrySet()) {
      Key key = entry.getValue();
      if (inScores(key, roster)) {
        String team = key.counted.getTeamId();
        byTeam.computeIfAbsent(team, t -> new ArrayList<>()).add(key.counted.getAnswers().get(0).getScore());
        raters.computeIfAbsent(team, t -> new HashMap<>())
            .computeIfAbsent(key.counted.getRaterGroup(), g -> new HashSet<>()).add(entry.getKey().split("/")[1]);
      }
    }
    assertThat(scores.keySet().stream().map(TeamKey::getTeamId).sorted().toList()).as(context)
        .isEqualTo(new ArrayList<>(byTeam.keySet()));
    for (Map.Entry<String, List<Integer>> team : byTeam.entrySet()) {
      TeamScores published = scores.get(new TeamKey(CYCLE, team.getKey()));
      Map<RaterGroup, Set<String>> groups = raters.get(team.getKey());
      assertThat(published.getRaters().getManager()).as(context)
          .isEqualTo(groups.getOrDefault(RaterGroup.MANAGER, Set.of()).size());
      assertThat(published.getRaters().getPeer()).as(context)
          .isEqualTo(groups.getOrDefault(RaterGroup.PEER, Set.of()).size());
      assertThat(published.getRaters().getDirectReport()).as(context)
          .isEqualTo(groups.getOrDefault(RaterGroup.DIRECT_REPORT, Set.of()).size());
      // Every group in the pool (k raters or more) shows its scores; the CHANGE leader cell pools them.
      List<Integer> pooled = new ArrayList<>();
      for (Map.Entry<String, Key> entry : model.entrySet()) {
        Key key = entry.getValue();
        if (inScores(key, roster) && key.counted.getTeamId().equals(team.getKey())
            && groups.get(key.counted.getRaterGroup()).size() >= K) {
          pooled.add(key.counted.getAnswers().get(0).getScore());
        }
      }
      Double mean = published.getAxes().getChange().getLeader().getMean();
      Set<String> distinct = new HashSet<>();
      model.forEach((id, key) -> {
        if (inScores(key, roster) && key.counted.getTeamId().equals(team.getKey())
            && groups.get(key.counted.getRaterGroup()).size() >= K) {
          distinct.add(id.split("/")[1]);
        }
      });
      if (distinct.size() < K) {
        assertThat(mean).as(context + " " + team.getKey() + " below k").isNull();
      } else {
        assertThat(mean).as(context + " " + team.getKey())
            .isCloseTo(pooled.stream().mapToInt(Integer::intValue).average().orElseThrow(), within(1e-9));
      }
    }
  }
}
