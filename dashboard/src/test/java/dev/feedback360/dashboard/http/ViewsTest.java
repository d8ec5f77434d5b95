package dev.feedback360.dashboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.dashboard.live.JsonTopicView;
import dev.feedback360.dashboard.query.StoreUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ViewsTest {

  private static final JsonTopicView.Feed IGNORED = new JsonTopicView.Feed() {
    @Override
    public void ready() {}

    @Override
    public void failed() {}

    @Override
    public void changed(JsonTopicView.Team team) {}

    @Override
    public void deleted(String key, String cycleId, String teamId) {}
  };

  @Test
  void shouldAnswerFromAViewOnlyOnceItIsReadyAndForAbsenceOnlyOnceItIsCurrent() {
    JsonTopicView view = new JsonTopicView(IGNORED, "team-scores-json");
    Duration[] asked = new Duration[1];
    boolean[] current = {false};
    view.currentWith(timeout -> {
      asked[0] = timeout;
      return current[0];
    });

    assertThatThrownBy(() -> Views.ready(view, "Scores")).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("still being read from topic team-scores-json");
    view.onReady();
    assertThat(Views.ready(view, "Scores")).isSameAs(view);
    assertThatThrownBy(() -> Views.current(view, "Scores")).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("still being read up to the end of topic team-scores-json");
    assertThat(asked[0]).isEqualTo(Views.CATCH_UP);

    current[0] = true;
    assertThat(Views.current(view, "Scores")).isSameAs(view);
  }

  @Test
  void shouldRefuseAViewWithoutAWayToKnowItIsCurrent() {
    JsonTopicView view = new JsonTopicView(IGNORED, "team-scores-json");
    view.onReady();

    assertThatThrownBy(() -> Views.current(view, "Scores")).isInstanceOf(StoreUnavailableException.class);
  }
}
