package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.dashboard.auth.Principal;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.live.JsonTopicView;
import dev.feedback360.dashboard.live.JsonTopicView.Team;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Supplier;

/**
 * The participation endpoints, answered by every instance on its own from its {@link JsonTopicView} (each
 * instance reads every partition of {@code team-participation-json}): no forwarding, no gathering. Scopes apply as on
 * the scores endpoints: one team outside the caller's scope is 403, lists leave such teams out.
 */
final class ParticipationApi {

  private final Supplier<JsonTopicView> view;

  /** Answers from the view {@code view} supplies: none (503) until the app runs. */
  ParticipationApi(Supplier<JsonTopicView> view) {
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
    Team team = ready().team(cycle, teamId).or(() -> current().team(cycle, teamId))
        .orElseThrow(() -> ApiException.notFound("No participation for team '"
            + teamId + "' in cycle '" + cycle + "' (no nomination and no response); GET /api/participation?cycle="
            + cycle + " lists the teams that have some"));
    ctx.contentType("application/json").result(team.json());
  }

  /** {@code GET /api/participation?cycle=C}: every team of the cycle the caller may see, and their totals. */
  void cycle(Context ctx) {
    String cycle = requiredCycle(ctx, "the participation summary");
    Scope scope = AccessControl.principal(ctx).scope();
    List<Team> teams = Views.visible(current().teams(cycle), scope);
    ctx.json(ParticipationSummary.of(cycle, teams.stream().<JsonNode>map(Team::value).toList()));
  }

  /** {@code GET /api/participation/cycles}: every cycle with participation, with its number of teams. */
  void cycles(Context ctx) {
    ctx.json(Views.cycleCounts(Views.visible(current().teams(null), AccessControl.principal(ctx).scope())));
  }

  private JsonTopicView ready() {
    return Views.ready(view.get(), "Participation values");
  }

  private JsonTopicView current() {
    return Views.current(view.get(), "Participation values");
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
