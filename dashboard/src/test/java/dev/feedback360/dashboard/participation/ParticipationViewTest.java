package dev.feedback360.dashboard.participation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.dashboard.live.LiveUpdates;
import dev.feedback360.dashboard.participation.ParticipationView.State;
import dev.feedback360.dashboard.participation.ParticipationView.Team;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParticipationViewTest {

  private final LiveUpdates live = new LiveUpdates(1);
  private final ParticipationView view = new ParticipationView(live, "team-participation-json");

  @AfterEach
  void close() {
    live.close();
  }

  private static String value(String cycle, String team, int invited) {
    return "{\"cycleId\":\"" + cycle + "\",\"teamId\":\"" + team + "\",\"groups\":{},\"invited\":" + invited + "}";
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

    assertThat(view.cycle("C")).extracting(Team::json).containsExactly(value("C", "T1", 3));
    assertThat(view.team("C", "T2")).isEmpty();
    assertThat(view.all()).extracting(Team::key).containsExactly("C/T1", "D/T1");
  }

  @Test
  void shouldTellTeamsApartByTheirValueWhenACycleIdHoldsASlash() {
    // Key "a/b/c" is ambiguous: cycle "a/b" team "c", or cycle "a" team "b/c". The value says which.
    view.onChange("a/b/c", value("a/b", "c", 1));
    view.onReady();

    assertThat(view.team("a/b", "c")).isPresent();
    assertThat(view.team("a", "b/c")).isEmpty();
    assertThat(view.cycle("a/b")).hasSize(1);
  }

  @Test
  void shouldIgnoreAValueThatIsNotTheContractAndKeepThePreviousOne() {
    view.onChange("C/T1", value("C", "T1", 1));
    view.onChange("C/T1", "{not json");
    view.onChange("C/T1", "{\"teamId\":\"T1\"}");
    view.onChange("C/T1", "[1,2]");
    view.onReady();

    assertThat(view.team("C", "T1")).map(Team::json).hasValue(value("C", "T1", 1));
  }

  @Test
  void shouldReportAFailedTail() {
    view.onFailed();

    assertThat(view.state()).isEqualTo(State.FAILED);
  }
}
