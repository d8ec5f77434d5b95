package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.live.JsonTopicView;
import dev.feedback360.dashboard.live.JsonTopicView.Team;
import dev.feedback360.dashboard.query.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** What the scores and participation endpoints share: answering from a {@link JsonTopicView}. */
final class Views {

  /** How long an answer waits for a view to read what its topic held when the request came. */
  static final Duration CATCH_UP = Duration.ofSeconds(2);

  private Views() {}

  /**
   * The view, if it can answer.
   *
   * @param what what the view holds, capitalized, for messages ("Scores")
   * @throws StoreUnavailableException (503, retry) until the app runs and the view has read its topic to the end
   * @throws ApiException (503, no retry) when the view stopped following its topic
   */
  static JsonTopicView ready(JsonTopicView view, String what) {
    if (view == null) {
      throw new StoreUnavailableException("The streams app is still starting; retry shortly");
    }
    return switch (view.state()) {
      case READY -> view;
      case STARTING -> throw new StoreUnavailableException(what + " are still being read from topic " + view.topic()
          + " (every instance reads all of it when it starts); retry shortly");
      case FAILED -> throw new ApiException(503, "unavailable", "This instance stopped following topic "
          + view.topic() + " (its log says why, e.g. a missing read permission); restart it once that is fixed");
    };
  }

  /**
   * The view, if it can answer and holds every value committed to its topic before this call: for an answer that
   * says a team is absent, or lists teams, which must not depend on how far the view has read.
   *
   * @throws StoreUnavailableException (503, retry) when the view cannot catch up within {@link #CATCH_UP}
   */
  static JsonTopicView current(JsonTopicView view, String what) {
    JsonTopicView ready = ready(view, what);
    try {
      if (!ready.awaitCurrent(CATCH_UP)) {
        throw new StoreUnavailableException(what + " are still being read up to the end of topic " + ready.topic()
            + " (this instance's reader is behind it by more than " + CATCH_UP.toSeconds() + " s); retry shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("Interrupted while reading topic " + ready.topic() + " up to its end; "
          + "retry shortly", e);
    }
    return ready;
  }

  /** The teams the scope covers. */
  static List<Team> visible(List<Team> teams, Scope scope) {
    return teams.stream().filter(team -> scope.allows(team.cycleId(), team.teamId())).toList();
  }

  /** The body {@code {"cycles":[{"cycleId":..,"teams":..}, ...]}}: the teams counted per cycle, ordered by cycle. */
  static ObjectNode cycleCounts(List<Team> teams) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode cycles = body.putArray("cycles");
    counts(teams).forEach((cycle, count) -> cycles.addObject().put("cycleId", cycle).put("teams", count));
    return body;
  }

  /** The teams counted per cycle, ordered by cycle. */
  static SortedMap<String, Integer> counts(List<Team> teams) {
    SortedMap<String, Integer> counts = new TreeMap<>();
    teams.forEach(team -> counts.merge(team.cycleId(), 1, Integer::sum));
    return counts;
  }
}
