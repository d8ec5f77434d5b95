package dev.feedback360.streams.privacy;

import static dev.feedback360.testkit.Responses.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The strict roster's model on the doc sentences it rests on (docs/hr-guide.md, "Open or strict roster"), one case
 * each, so that a reader can check the reading without the random suite.
 */
class StrictRosterModelTest {

  private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
  private static final ResponseKey KEY = new ResponseKey("c", "S1", "P1");

  private final StrictRosterModel model = new StrictRosterModel();

  private static InputEvent answer(String team, RaterGroup group, int minute) {
    SurveyResponse response = response("c", team, "S1", "P1", group, T0.plusSeconds(60L * minute),
        "CHANGE_L1=" + (1 + minute % 5));
    return new InputEvent.Submit(response);
  }

  private static InputEvent nominate(String team, RaterGroup group, int minute) {
    return new InputEvent.Nominate(KEY, team, group, T0.plusSeconds(60L * minute));
  }

  private void apply(InputEvent... events) {
    for (InputEvent event : events) {
      model.apply(event);
    }
  }

  @Test
  void shouldHoldAResponseUntilItsNominationArrivesAndCountItThen() {
    apply(answer("T1", RaterGroup.PEER, 1));
    assertThat(model.counted(KEY)).isEmpty();
    assertThat(model.held(KEY)).isTrue();

    apply(nominate("T1", RaterGroup.PEER, 2));

    assertThat(model.counted(KEY)).isPresent();
    assertThat(model.hasResponses("c", "T1")).isTrue();
  }

  @Test
  void shouldNotCountAResponseOfAnotherTeamOrGroupThanItsNomination() {
    apply(nominate("T1", RaterGroup.PEER, 0), answer("T1", RaterGroup.OTHER, 1));
    assertThat(model.counted(KEY)).isEmpty();

    apply(answer("T2", RaterGroup.PEER, 2));
    assertThat(model.counted(KEY)).isEmpty();
    assertThat(model.hasResponses("c", "T1")).isFalse();
  }

  @Test
  void shouldEraseAndBlockTheCountedResponseWhenItsNominationIsRemoved() {
    apply(nominate("T1", RaterGroup.PEER, 0), answer("T1", RaterGroup.PEER, 1), new InputEvent.Unnominate(KEY,
        T0.plusSeconds(120)));
    assertThat(model.latest(KEY)).isEmpty();
    assertThat(model.everWithdrawn(KEY)).isTrue();

    // A later matching nomination does not bring it back, nor does the erased response sent again.
    apply(nominate("T1", RaterGroup.PEER, 3), answer("T1", RaterGroup.PEER, 1));
    assertThat(model.counted(KEY)).isEmpty();

    // The rater answers again: that newer answer counts.
    apply(answer("T1", RaterGroup.PEER, 4));
    assertThat(model.counted(KEY)).isPresent();
  }

  @Test
  void shouldEraseTheCountedResponseWhenItsNominationMovesFirst() {
    apply(nominate("T1", RaterGroup.PEER, 0), answer("T1", RaterGroup.PEER, 1), nominate("T1", RaterGroup.OTHER, 2));
    assertThat(model.latest(KEY)).isEmpty();

    apply(answer("T1", RaterGroup.OTHER, 1));
    assertThat(model.counted(KEY)).as("the erased answers re-sent relabelled, as old as the erased").isEmpty();
  }

  @Test
  void shouldMoveAResponseSentAgainInTheNewGroupBeforeItsNominationFollows() {
    apply(nominate("T1", RaterGroup.PEER, 0), answer("T1", RaterGroup.PEER, 1), answer("T1", RaterGroup.OTHER, 2));
    assertThat(model.held(KEY)).as("held in between").isTrue();

    apply(nominate("T1", RaterGroup.OTHER, 3));

    assertThat(model.counted(KEY)).as("counts as moved, not erased").isPresent();
    assertThat(model.everWithdrawn(KEY)).isFalse();
  }

  @Test
  void shouldChangeNothingWhenANominationIsSentAgainUnchanged() {
    apply(nominate("T1", RaterGroup.PEER, 0), answer("T1", RaterGroup.PEER, 1), nominate("T1", RaterGroup.PEER, 2));

    assertThat(model.counted(KEY)).isPresent();
    assertThat(model.everWithdrawn(KEY)).isFalse();
  }

  /** Read this way where the docs are silent: only a response that counts is erased by a roster change. */
  @Test
  void shouldKeepAHeldResponseWhenANominationItDoesNotAnswerIsRemoved() {
    apply(nominate("T1", RaterGroup.PEER, 0), answer("T2", RaterGroup.PEER, 1), new InputEvent.Unnominate(KEY,
        T0.plusSeconds(120)));
    assertThat(model.held(KEY)).isTrue();

    apply(nominate("T2", RaterGroup.PEER, 3));
    assertThat(model.counted(KEY)).isPresent();
  }
}
