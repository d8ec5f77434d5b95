package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.dashboard.live.ScoresTail;
import dev.feedback360.dashboard.participation.ParticipationView;
import dev.feedback360.dashboard.query.LocalScores;
import dev.feedback360.dashboard.query.RestoreProgress;
import dev.feedback360.dashboard.query.StoreUnavailableException;
import io.javalin.http.Context;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * {@code GET /api/health}: 200 and {@code "status":"UP"} when this instance answers queries (Kafka Streams RUNNING);
 * otherwise 503 with the state, and {@code Retry-After} while it is starting, rebalancing or restoring. It needs no
 * credentials (a supervisor's probe has none); without them it leaves out the instances' addresses.
 */
final class HealthApi {

  private final Supplier<LocalScores> scores;
  private final RestoreProgress restore;
  private final Supplier<ScoresTail.Status> liveUpdates;
  private final Supplier<ParticipationView.State> participation;

  HealthApi(Supplier<LocalScores> scores, RestoreProgress restore, Supplier<ScoresTail.Status> liveUpdates,
      Supplier<ParticipationView.State> participation) {
    this.scores = scores;
    this.restore = restore;
    this.liveUpdates = liveUpdates;
    this.participation = participation;
  }

  void health(Context ctx) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    LocalScores local = scores.get();
    State state = local == null ? State.CREATED : local.state();
    boolean up = state == State.RUNNING;
    body.put("status", up ? "UP" : state.isRunningOrRebalancing() || state == State.CREATED ? "STARTING" : "DOWN");
    body.put("streamsState", state.name());
    body.put("instance", local == null ? null : ScoresApi.name(local.self()));
    ArrayNode instances = body.putArray("instances");
    if (up) {
      try {
        local.instances().forEach(host -> instances.add(ScoresApi.name(host)));
      } catch (StoreUnavailableException e) {
        // The group changed between the two reads: report it as starting, with the reason.
        body.put("status", "STARTING");
        body.put("message", e.getMessage());
        up = false;
      }
    }
    ObjectNode restoring = body.putObject("restoring");
    restoring.put("partitions", restore.partitionsRestoring());
    restoring.put("remainingRecords", restore.remainingRecords());
    ScoresTail.Status live = liveUpdates.get();
    body.put("liveUpdates", live == null ? ScoresTail.Status.STARTING.name() : live.name());
    body.put("participation", participation.get().name());
    if (!up) {
      ctx.status(503);
      if (!"DOWN".equals(body.get("status").asText())) {
        ctx.header("Retry-After", Integer.toString(DashboardServer.RETRY_AFTER_SECONDS));
      }
    }
    if (AccessControl.caller(ctx).isEmpty()) {
      // Without credentials (a supervisor's probe): the state only, not where the instances are.
      body.remove("instance");
      body.remove("instances");
    }
    ctx.json(body);
  }
}
