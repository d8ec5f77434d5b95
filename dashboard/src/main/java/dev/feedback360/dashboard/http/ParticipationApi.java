package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.dashboard.auth.Principal;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.participation.ParticipationView;
import dev.feedback360.dashboard.participation.ParticipationView.Team;
import dev.feedback360.dashboard.query.StoreUnavailableException;
import io.javalin.http.Context;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The participation endpoints, answered by every instance on its own from its {@link ParticipationView} (each
 * instance reads every partition of {@code team-participation-json}): no forwarding, no gathering. Scopes apply as on
 * the scores endpoints: one team outside the caller's scope is 403, lists leave such teams out.
 */
final class ParticipationApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<ParticipationView> view;

  /** Answers from the view {@code view} supplies: none (503) until the app runs. */
  ParticipationApi(Supplier<ParticipationView> view) {
    this.view = view;
  }

  /** {@code GET /api/teams/{team}/participation?cycle=C}: the team's value, exactly as in the topic. */
  void team(Context ctx) {
    String cycle = requiredCycle(ctx, "a team's participation");
    String teamId = ctx.pathParam("team");
    Principal caller = AccessControl.principal(ctx);
    if (!caller.scope().allows(cycle, teamId)) {
      throw ApiException.forbidden("Your token's scope (" + caller.scope().describe() + ") does not include team '"
          + teamId + "' in cycle '" + cycle + "'; ask whoever gives out tokens for one that does");
    }
    Team team = ready().team(cycle, teamId).orElseThrow(() -> ApiException.notFound("No participation for team '"
        + teamId + "' in cycle '" + cycle + "' (no nomination and no response); GET /api/participation?cycle="
        + cycle + " lists the teams that have some"));
    ctx.contentType("application/json").result(team.json());
  }

  /** {@code GET /api/participation?cycle=C}: every team of the cycle the caller may see, and their totals. */
  void cycle(Context ctx) {
    String cycle = requiredCycle(ctx, "the participation summary");
    Scope scope = AccessControl.principal(ctx).scope();
    List<Team> teams = ready().cycle(cycle).stream()
        .filter(team -> scope.allows(team.cycleId(), team.teamId()))
        .toList();
    ctx.json(ParticipationSummary.of(cycle, teams.stream().map(Team::value).toList()));
  }

  /** {@code GET /api/participation/cycles}: every cycle with participation, with its number of teams. */
  void cycles(Context ctx) {
    Scope scope = AccessControl.principal(ctx).scope();
    SortedMap<String, Integer> counts = new TreeMap<>();
    ready().all().stream()
        .filter(team -> scope.allows(team.cycleId(), team.teamId()))
        .forEach(team -> counts.merge(team.cycleId(), 1, Integer::sum));
    ObjectNode body = JSON.createObjectNode();
    ArrayNode cycles = body.putArray("cycles");
    counts.forEach((cycle, teams) -> cycles.addObject().put("cycleId", cycle).put("teams", teams));
    ctx.json(body);
  }

  private ParticipationView ready() {
    ParticipationView view = this.view.get();
    if (view == null) {
      throw new StoreUnavailableException("The streams app is still starting; retry shortly");
    }
    return switch (view.state()) {
      case READY -> view;
      case STARTING -> throw new StoreUnavailableException("Participation is still being read from topic "
          + view.topic() + " (every instance reads all of it when it starts); retry shortly");
      case FAILED -> throw new ApiException(503, "unavailable", "This instance stopped following topic "
          + view.topic() + " (its log says why, e.g. a missing read permission); restart it once that is fixed");
    };
  }

  private static String requiredCycle(Context ctx, String what) {
    String cycle = ctx.queryParam("cycle");
    if (cycle == null || cycle.isBlank()) {
      throw ApiException.badRequest("The query parameter 'cycle' is required: " + what + " belongs to one survey "
          + "cycle (GET /api/participation/cycles lists them)");
    }
    return cycle;
  }
}
