package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.dashboard.auth.Principal;
import dev.feedback360.dashboard.live.JsonTopicView;
import dev.feedback360.dashboard.live.JsonTopicView.Team;
import dev.feedback360.dashboard.query.StoreUnavailableException;
import dev.feedback360.dashboard.query.TaskPlacement;
import dev.feedback360.streams.json.JsonNumbers;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The scores endpoints, answered by every instance on its own from its {@link JsonTopicView} of
 * {@code team-scores-json} (every partition, {@code read_committed}): only what a committed transaction published,
 * never the state of a transaction still open (which the app's stores hold, and which may abort), and no forwarding
 * between instances. Until the view has read the topic to its end every answer is {@link StoreUnavailableException}
 * (503), never an empty or partial one.
 */
final class ScoresApi {

  /** Names the instance that answered. */
  static final String INSTANCE_HEADER = "X-Feedback360-Instance";

  private static final ObjectMapper JSON = JsonNumbers.mapper();

  private final Supplier<JsonTopicView> view;
  private final Supplier<TaskPlacement> streams;
  private final Supplier<HostInfo> self;

  /**
   * @param view the committed scores (null until the app runs)
   * @param streams the running app (null until it runs), for which teams this instance's tasks hold
   * @param self this instance, named in {@link #INSTANCE_HEADER}
   */
  ScoresApi(Supplier<JsonTopicView> view, Supplier<TaskPlacement> streams, Supplier<HostInfo> self) {
    this.view = view;
    this.streams = streams;
    this.self = self;
  }

  /** {@code GET /api/teams/{team}?cycle=C}: one team, the JSON contract exactly as in the topic. */
  void team(Context ctx) {
    String cycle = requiredCycle(ctx);
    String teamId = ctx.pathParam("team");
    Principal caller = AccessControl.principal(ctx);
    if (!caller.scope().allows(cycle, teamId)) {
      throw ApiException.forbidden("Your token's scope (" + caller.scope().describe() + ") does not include team '"
          + teamId + "' in cycle '" + cycle + "'; ask whoever gives out tokens for one that does");
    }
    // Absent is absent only once the view holds what the topic held when the request came.
    Team team = view().team(cycle, teamId).or(() -> current().team(cycle, teamId))
        .orElseThrow(() -> ApiException.notFound(Views.visible(current().teams(cycle), caller.scope()).isEmpty()
            // Counted within the caller's scope: a cycle's teams outside it are not told of.
            ? "No scores in cycle '" + cycle + "' for any team your token may read; GET /api/cycles lists the cycles "
                + "that have some (is the cycle id mistyped?)"
            : "No scores for team '" + teamId + "' in cycle '" + cycle + "'; GET /api/teams?cycle=" + cycle
                + " lists the teams that have some"));
    ctx.header(INSTANCE_HEADER, name(self.get()));
    ctx.contentType("application/json").result(team.json());
  }

  /** {@code GET /api/teams[?cycle=C]}: the summaries of every team in the caller's scope. */
  void teams(Context ctx) {
    String cycle = optionalCycle(ctx);
    ctx.header(INSTANCE_HEADER, name(self.get()));
    ctx.json(summaries(cycle, Views.visible(current().teams(cycle), AccessControl.principal(ctx).scope())));
  }

  /** {@code GET /api/cycles}: every cycle with how many teams in the caller's scope have scores in it. */
  void cycles(Context ctx) {
    ctx.header(INSTANCE_HEADER, name(self.get()));
    ctx.json(Views.cycleCounts(Views.visible(current().teams(null), AccessControl.principal(ctx).scope())));
  }

  /**
   * {@code GET /api/instance/teams[?cycle=C]}: the summaries of the teams whose scores this instance's tasks hold.
   * Instances of this version answer lists on their own; this is for an instance of an earlier version, which gathers
   * lists from every instance, during a rolling upgrade.
   */
  void instanceTeams(Context ctx) {
    String cycle = optionalCycle(ctx);
    ctx.header(INSTANCE_HEADER, name(self.get()));
    ctx.json(summaries(cycle, held(Views.visible(current().teams(cycle), AccessControl.principal(ctx).scope()))));
  }

  /** {@code GET /api/instance/cycles}: the cycle counts of this instance's share, as {@link #instanceTeams}. */
  void instanceCycles(Context ctx) {
    ctx.header(INSTANCE_HEADER, name(self.get()));
    ObjectNode body = JSON.createObjectNode();
    ObjectNode cycles = body.putObject("cycles");
    Views.counts(held(Views.visible(current().teams(null), AccessControl.principal(ctx).scope()))).forEach(cycles::put);
    ctx.json(body);
  }

  /** The teams whose partition's active task is on this instance. */
  private List<Team> held(List<Team> teams) {
    TaskPlacement local = streams.get();
    if (local == null) {
      throw new StoreUnavailableException("The streams app is still starting; retry shortly");
    }
    return teams.stream()
        .filter(team -> local.ownerOf(new TeamKey(team.cycleId(), team.teamId())).local())
        .toList();
  }

  private JsonTopicView view() {
    return Views.ready(view.get(), "Scores");
  }

  private JsonTopicView current() {
    return Views.current(view.get(), "Scores");
  }

  private static ObjectNode summaries(String cycle, List<Team> teams) {
    ObjectNode body = JSON.createObjectNode();
    body.put("cycleId", cycle);
    ArrayNode summaries = body.putArray("teams");
    teams.forEach(team -> summaries.add(TeamSummary.of(team.value())));
    return body;
  }

  private static String requiredCycle(Context ctx) {
    String cycle = optionalCycle(ctx);
    if (cycle == null) {
      throw ApiException.badRequest("The query parameter 'cycle' is required: a team's scores belong to one "
          + "survey cycle (GET /api/cycles lists them)");
    }
    return cycle;
  }

  private static String optionalCycle(Context ctx) {
    String cycle = ctx.queryParam("cycle");
    return cycle == null || cycle.isBlank() ? null : cycle;
  }

  static String name(HostInfo host) {
    return host.host() + ":" + host.port();
  }
}
