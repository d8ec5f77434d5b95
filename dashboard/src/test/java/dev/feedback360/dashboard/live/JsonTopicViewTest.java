package dev.feedback360.dashboard.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.dashboard.live.JsonTopicView.State;
import dev.feedback360.dashboard.live.JsonTopicView.Team;
import dev.feedback360.topics.JsonKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonTopicViewTest {

  /** Every call the view makes to its feed, as text. */
  private final List<String> fed = new ArrayList<>();
  private final JsonTopicView view = new JsonTopicView(new JsonTopicView.Feed() {
    @Override
    public void ready() {
      fed.add("ready");
    }

    @Override
    public void failed() {
      fed.add("failed");
    }

    @Override
    public void changed(Team team) {
      fed.add("changed " + team.cycleId() + " | " + team.teamId() + " " + team.json());
    }

    @Override
    public void deleted(String key, String cycleId, String teamId) {
      fed.add("deleted " + key + " = " + cycleId + " | " + teamId);
    }
  }, "team-scores-json");

  /** A feed for a second view, whose calls no test reads. */
  private static final JsonTopicView.Feed QUIET = new JsonTopicView.Feed() {
    @Override
    public void ready() {}

    @Override
    public void failed() {}

    @Override
    public void changed(Team team) {}

    @Override
    public void deleted(String key, String cycleId, String teamId) {}
  };

  private static String value(String cycle, String team, int raters) {
    return "{\"cycleId\":\"" + cycle + "\",\"teamId\":\"" + team + "\",\"raters\":" + raters + "}";
  }

  @Test
  void shouldHoldATeamLeftAloneForAWhilePackedAndGiveItsValueBackExactly() {
    String alone = value("2026-H1", "équipe-\uD83D\uDE00", 5);
    view.onChange(JsonKeys.of("2026-H1", "équipe-\uD83D\uDE00"), alone);
    Map<String, String> latest = new TreeMap<>(Map.of("équipe-\uD83D\uDE00", alone));
    for (int i = 0; i < 2 * JsonTopicView.WARM_TEAMS; i++) {
      // A working team, changed every 100 changes, and teams changed once each: more than the warm teams.
      String team = i % 100 == 0 ? "busy" : "T" + i;
      latest.put(team, value("2026-H1", team, i));
      view.onChange(JsonKeys.of("2026-H1", team), latest.get(team));
    }
    view.onReady();

    Team held = view.team("2026-H1", "équipe-\uD83D\uDE00").orElseThrow();
    assertThat(held.packed()).as("more teams than the warm teams changed since").isTrue();
    assertThat(held.json()).isEqualTo(alone);
    assertThat(held.value().get("raters").asInt()).isEqualTo(5);
    assertThat(view.team("2026-H1", "T1").orElseThrow().packed()).isTrue();
    assertThat(view.team("2026-H1", "T" + (2 * JsonTopicView.WARM_TEAMS - 1)).orElseThrow().packed()).isFalse();
    assertThat(view.team("2026-H1", "busy").orElseThrow().packed()).as("changed lately").isFalse();
    Map<String, String> read = new TreeMap<>();
    view.teams("2026-H1").forEach(team -> read.put(team.teamId(), team.json()));
    assertThat(read).isEqualTo(latest);

    view.onDeleted(held.key());

    assertThat(view.team("2026-H1", "équipe-\uD83D\uDE00")).isEmpty();
  }

  @Test
  void shouldBeStartingUntilTheReplayReachedTheEndAndReadyAfter() {
    view.onChange("C/T1", value("C", "T1", 1));
    assertThat(view.state()).isEqualTo(State.STARTING);

    view.onReady();

    assertThat(view.state()).isEqualTo(State.READY);
    assertThat(view.team("C", "T1")).map(Team::json).hasValue(value("C", "T1", 1));
  }

  @Test
  void shouldKeepTheLatestValuePerKeyAndForgetTombstonedKeys() {
    view.onChange("C/T1", value("C", "T1", 1));
    view.onChange("C/T2", value("C", "T2", 2));
    view.onChange("C/T1", value("C", "T1", 3));
    view.onChange("D/T1", value("D", "T1", 4));
    view.onDeleted("C/T2");
    view.onReady();

    assertThat(view.teams("C")).extracting(Team::json).containsExactly(value("C", "T1", 3));
    assertThat(view.team("C", "T2")).isEmpty();
    assertThat(view.teams(null)).extracting(Team::key).containsExactly("C/T1", "D/T1");
    assertThat(view.team("C", "T1").orElseThrow().value().get("raters").asInt()).isEqualTo(3);
  }

  @Test
  void shouldHandOnlyTheChangesAfterTheReplayOnToItsFeedInTheOrderRead() {
    view.onChange("C/T1", value("C", "T1", 1));
    view.onDeleted("C/T1");
    view.onReady();
    view.onChange("C/T2", value("C", "T2", 2));
    view.onChange("a/b/c", value("a/b", "c", 3));
    view.onDeleted("a/b/c");
    view.onDeleted("x/y/z");

    assertThat(fed).containsExactly(
        "ready",
        "changed C | T2 " + value("C", "T2", 2),
        "changed a/b | c " + value("a/b", "c", 3),
        // The team of a key it held comes from its value; of a key never seen, from the key (at the first '/').
        "deleted a/b/c = a/b | c",
        "deleted x/y/z = x | y/z");
  }

  @Test
  void shouldTellTeamsApartByTheirValueWhenACycleIdHoldsASlash() {
    // Written before JsonKeys escaped the cycle's '/', key "a/b/c" is ambiguous: cycle "a/b" team "c", or cycle "a"
    // team "b/c". The value says which.
    view.onChange("a/b/c", value("a/b", "c", 1));
    view.onReady();

    assertThat(view.team("a/b", "c")).isPresent();
    assertThat(view.team("a", "b/c")).isEmpty();
    assertThat(view.teams("a/b")).hasSize(1);
  }

  @Test
  void shouldKeepTwoTeamsWhoseCycleAndTeamJoinAlikeUnderTheirOwnKeys() {
    // Cycle "2026" with team "H1/x", and cycle "2026/H1" with team "x": one key each since JsonKeys.
    view.onChange(JsonKeys.of("2026", "H1/x"), value("2026", "H1/x", 1));
    view.onChange(JsonKeys.of("2026/H1", "x"), value("2026/H1", "x", 2));
    view.onReady();
    view.onDeleted(JsonKeys.of("2026", "H1/x"));

    assertThat(view.team("2026", "H1/x")).isEmpty();
    assertThat(view.team("2026/H1", "x")).isPresent();
    assertThat(view.teams(null)).hasSize(1);
  }

  @Test
  void shouldPreferATeamsRecordUnderItsOwnKeyToAnEarlierVersionsWhicheverIsReadFirst() {
    // Upgrade review 67: a version before JsonKeys wrote cycle "2026/H1" team "x" under "2026/H1/x"; the app now writes
    // it under "2026%2FH1/x", and the compacted topic keeps both. The two keys are on different partitions, read in
    // either order; the team is listed once, with the value under its own key.
    JsonTopicView other = new JsonTopicView(QUIET, "team-scores-json");
    view.onChange("2026/H1/x", value("2026/H1", "x", 1));
    view.onChange(JsonKeys.of("2026/H1", "x"), value("2026/H1", "x", 2));
    other.onChange(JsonKeys.of("2026/H1", "x"), value("2026/H1", "x", 2));
    other.onChange("2026/H1/x", value("2026/H1", "x", 1));
    view.onReady();
    view.onChange("2026/H1/x", value("2026/H1", "x", 3));

    for (JsonTopicView read : List.of(view, other)) {
      assertThat(read.teams("2026/H1")).extracting(Team::json).containsExactly(value("2026/H1", "x", 2));
      assertThat(read.team("2026/H1", "x")).map(Team::json).hasValue(value("2026/H1", "x", 2));
    }
    assertThat(fed).containsExactly("ready");
  }

  @Test
  void shouldNotBringBackATeamWithdrawnUnderItsOwnKeyWithAnEarlierVersionsRecord() {
    // The team withdrawn entirely after the upgrade: a tombstone under its own key; the earlier version's record
    // stays under the old key, read before or after the tombstone.
    JsonTopicView other = new JsonTopicView(QUIET, "team-scores-json");
    view.onChange("2026/H1/x", value("2026/H1", "x", 1));
    view.onChange(JsonKeys.of("2026/H1", "x"), value("2026/H1", "x", 2));
    view.onDeleted(JsonKeys.of("2026/H1", "x"));
    other.onDeleted(JsonKeys.of("2026/H1", "x"));
    other.onChange("2026/H1/x", value("2026/H1", "x", 1));
    view.onReady();

    for (JsonTopicView read : List.of(view, other)) {
      assertThat(read.teams(null)).isEmpty();
      assertThat(read.team("2026/H1", "x")).isEmpty();
    }
  }

  @Test
  void shouldHoldATeamFromAnEarlierVersionsRecordUntilTheAppWritesItAgain() {
    view.onChange("2026/H1/x", value("2026/H1", "x", 1));
    view.onReady();
    assertThat(view.team("2026/H1", "x")).map(Team::key).hasValue("2026/H1/x");

    view.onChange(JsonKeys.of("2026/H1", "x"), value("2026/H1", "x", 2));
    view.onDeleted("2026/H1/x");

    assertThat(view.team("2026/H1", "x")).map(Team::json).hasValue(value("2026/H1", "x", 2));
    assertThat(fed).containsExactly("ready", "changed 2026/H1 | x " + value("2026/H1", "x", 2),
        // the old key's tombstone names the team its key reads as: nothing this view held
        "deleted 2026/H1/x = 2026 | H1/x");
  }

  @Test
  void shouldIgnoreAValueThatIsNotTheContractAndKeepThePreviousOne() {
    view.onChange("C/T1", value("C", "T1", 1));
    view.onReady();
    view.onChange("C/T1", "{not json");
    view.onChange("C/T1", "{\"teamId\":\"T1\"}");
    view.onChange("C/T1", "[1,2]");
    view.onChange("C/T1", value("C", "T1", 2) + " {}");
    view.onChange("C/T1", value("C", "T1", 3).replace("}", ",\"x\":[1,}"));
    view.onChange("C/T1", "{\"cycleId\":\"C\",\"teamId\":7}");
    view.onChange("C/T1", "{\"cycleId\":\"C\",\"nested\":{\"teamId\":\"T1\"}}");
    view.onChange("C/T1", "{\"cycleId\":\"C\",\"teamId\":\"T1\",\"teamId\":null}");
    view.onChange("C/T1", "");
    view.onChange("C/T1", "null");

    assertThat(view.team("C", "T1")).map(Team::json).hasValue(value("C", "T1", 1));
    assertThat(fed).containsExactly("ready");
  }

  @Test
  void shouldTakeARepeatedFieldsLastValueAsATreeWould() {
    String json = "{\"cycleId\":7,\"teamId\":\"T0\",\"axes\":{\"cycleId\":\"X\"},\"cycleId\":\"C\","
        + "\"teamId\":\"T1\"}";
    view.onChange("C/T1", json);

    assertThat(view.team("C", "T1")).map(Team::json).hasValue(json);
    assertThat(view.team("C", "T1").orElseThrow().cycleId()).isEqualTo("C");
  }

  @Test
  void shouldReportAFailedTail() {
    view.onFailed();

    assertThat(view.state()).isEqualTo(State.FAILED);
    assertThat(fed).containsExactly("failed");
  }
}
