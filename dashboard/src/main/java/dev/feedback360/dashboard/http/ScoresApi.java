package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.dashboard.auth.Principal;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.http.PeerClient.PeerAnswer;
import dev.feedback360.dashboard.query.LocalScores;
import dev.feedback360.dashboard.query.LocalScores.Owner;
import dev.feedback360.dashboard.query.StoreUnavailableException;
import dev.feedback360.streams.json.TeamScoresJson;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The scores endpoints. A single team is answered by the instance that owns its key, forwarded there when that is
 * another instance; lists gather the parts every instance holds. Anything that cannot be answered for sure right
 * now becomes {@link StoreUnavailableException} (503), never an empty or partial answer.
 */
final class ScoresApi {

  /** Names the instance whose store answered. */
  static final String INSTANCE_HEADER = "X-Feedback360-Instance";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<LocalScores> scores;
  private final PeerClient peers;

  ScoresApi(Supplier<LocalScores> scores, PeerClient peers) {
    this.scores = scores;
    this.peers = peers;
  }

  /** {@code GET /api/teams/{team}?cycle=C}: one team, the JSON contract. */
  void team(Context ctx) {
    String cycle = requiredCycle(ctx);
    String teamId = ctx.pathParam("team");
    Principal caller = AccessControl.principal(ctx);
    if (!caller.scope().allows(cycle, teamId)) {
      throw ApiException.forbidden("Your token's scope (" + caller.scope().describe() + ") does not include team '"
          + teamId + "' in cycle '" + cycle + "'; ask whoever gives out tokens for one that does");
    }
    TeamKey key = new TeamKey(cycle, teamId);
    LocalScores local = scores();
    Owner owner = local.ownerOf(key);
    if (owner.local()) {
      TeamScores team = local.team(key, owner.partition()).orElseThrow(() -> ApiException.notFound(
          "No scores for team '" + teamId + "' in cycle '" + cycle + "'; GET /api/teams?cycle=" + cycle
              + " lists the teams that have some"));
      ctx.header(INSTANCE_HEADER, name(local.self()));
      ctx.json(TeamScoresJson.toJson(team));
    } else if (ctx.header(PeerClient.FORWARDED_HEADER) != null) {
      throw new StoreUnavailableException("This instance no longer owns the team's scores (they are moving "
          + "between instances); retry shortly");
    } else {
      relay(ctx, peers.getNow(owner.host(), "/api/teams/" + encode(teamId) + "?cycle=" + encode(cycle), caller));
    }
  }

  /** {@code GET /api/teams[?cycle=C]}: the summaries of every team, from every instance. */
  void teams(Context ctx) {
    String cycle = optionalCycle(ctx);
    String query = cycle == null ? "" : "?cycle=" + encode(cycle);
    Principal caller = AccessControl.principal(ctx);
    Scope scope = caller.scope();
    List<JsonNode> teams = new ArrayList<>();
    for (JsonNode part : gather("/api/instance/teams" + query, () -> localTeams(cycle, scope), caller)) {
      // Peers filter by the same scope; filtering again here costs nothing and does not depend on them.
      part.get("teams").forEach(team -> {
        if (scope.allows(team.path("cycleId").asText(), team.path("teamId").asText())) {
          teams.add(team);
        }
      });
    }
    teams.sort(Comparator.comparing((JsonNode t) -> t.get("cycleId").asText())
        .thenComparing(t -> t.get("teamId").asText()));
    ObjectNode body = JSON.createObjectNode();
    body.put("cycleId", cycle);
    body.putArray("teams").addAll(teams);
    ctx.json(body);
  }

  /** {@code GET /api/cycles}: every cycle with how many teams have scores in it. */
  void cycles(Context ctx) {
    SortedMap<String, Integer> counts = new TreeMap<>();
    Principal caller = AccessControl.principal(ctx);
    for (JsonNode part : gather("/api/instance/cycles", () -> localCycles(caller.scope()), caller)) {
      part.get("cycles").properties().forEach(e -> counts.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode cycles = body.putArray("cycles");
    counts.forEach((cycle, teams) -> cycles.addObject().put("cycleId", cycle).put("teams", teams));
    ctx.json(body);
  }

  /** {@code GET /api/instance/teams[?cycle=C]}: this instance's share of the team summaries. */
  void instanceTeams(Context ctx) {
    ctx.header(INSTANCE_HEADER, name(scores().self()));
    ctx.json(localTeams(optionalCycle(ctx), AccessControl.principal(ctx).scope()));
  }

  /** {@code GET /api/instance/cycles}: this instance's share of the cycle counts. */
  void instanceCycles(Context ctx) {
    ctx.header(INSTANCE_HEADER, name(scores().self()));
    ctx.json(localCycles(AccessControl.principal(ctx).scope()));
  }

  private JsonNode localTeams(String cycle, Scope scope) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode teams = body.putArray("teams");
    scores().teams(cycle).stream()
        .filter(team -> scope.allows(team.getCycleId(), team.getTeamId()))
        .forEach(team -> teams.add(TeamSummary.of(TeamScoresJson.toJson(team))));
    return body;
  }

  /** Teams per cycle held here; for a scoped caller, only the teams of its scope are counted. */
  private JsonNode localCycles(Scope scope) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode cycles = body.putObject("cycles");
    if (scope.isAll()) {
      scores().cycles().forEach(cycles::put);
    } else {
      SortedMap<String, Integer> counts = new TreeMap<>();
      scores().teams(null).stream()
          .filter(team -> scope.allows(team.getCycleId(), team.getTeamId()))
          .forEach(team -> counts.merge(team.getCycleId(), 1, Integer::sum));
      counts.forEach(cycles::put);
    }
    return body;
  }

  /** This instance's part and every other instance's part, or 503 if any of them cannot answer. */
  private List<JsonNode> gather(String instancePath, Supplier<JsonNode> localPart, Principal caller) {
    LocalScores local = scores();
    Map<HostInfo, CompletableFuture<PeerAnswer>> remote = new LinkedHashMap<>();
    boolean includesSelf = false;
    for (HostInfo host : local.instances()) {
      if (host.equals(local.self())) {
        includesSelf = true;
      } else {
        remote.put(host, peers.get(host, instancePath, caller));
      }
    }
    List<JsonNode> parts = new ArrayList<>();
    if (includesSelf) {
      parts.add(localPart.get());
    }
    for (Map.Entry<HostInfo, CompletableFuture<PeerAnswer>> entry : remote.entrySet()) {
      parts.add(parse(entry.getKey(), await(entry.getValue())));
    }
    return parts;
  }

  private static PeerAnswer await(CompletableFuture<PeerAnswer> answer) {
    try {
      return answer.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof StoreUnavailableException unavailable ? unavailable : e;
    }
  }

  private static JsonNode parse(HostInfo peer, PeerAnswer answer) {
    if (answer.status() == 503) {
      throw new StoreUnavailableException("Instance " + name(peer) + " cannot answer for its part of the scores "
          + "right now; retry shortly");
    }
    if (answer.status() == 401 || answer.status() == 403) {
      throw new IllegalStateException("Instance " + name(peer) + " refused this instance's credentials (HTTP "
          + answer.status() + "): every instance of the app must use the same tokens file (--http-tokens)");
    }
    if (answer.status() != 200) {
      throw new IllegalStateException("Instance " + name(peer) + " answered HTTP " + answer.status()
          + " for its part of the scores; check its log");
    }
    try {
      return JSON.readTree(answer.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Instance " + name(peer) + " answered with invalid JSON for its part of the "
          + "scores: " + e.getOriginalMessage(), e);
    }
  }

  private static void relay(Context ctx, PeerAnswer answer) {
    ctx.status(answer.status());
    if (answer.retryAfter() != null) {
      ctx.header("Retry-After", answer.retryAfter());
    }
    if (answer.servedBy() != null) {
      ctx.header(INSTANCE_HEADER, answer.servedBy());
    }
    ctx.contentType("application/json").result(answer.body());
  }

  private LocalScores scores() {
    LocalScores local = scores.get();
    if (local == null) {
      throw new StoreUnavailableException("The streams app is still starting; retry shortly");
    }
    return local;
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

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
