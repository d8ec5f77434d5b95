package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.dashboard.live.JsonTopicView;
import dev.feedback360.dashboard.live.ScoresTail;
import dev.feedback360.dashboard.query.RestoreProgress;
import dev.feedback360.dashboard.query.StoreUnavailableException;
import dev.feedback360.dashboard.query.TaskPlacement;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * {@code GET /api/health}: 200 and {@code "status":"UP"} when this instance processes and answers (Kafka Streams
 * RUNNING, and the scores read from {@code team-scores-json} to its end); otherwise 503 with the states, and
 * {@code Retry-After} while it is starting, rebalancing or restoring. It needs no credentials (a supervisor's probe
 * has none); without them, or with a Host header outside the allow-list ({@link AccessControl}), it leaves out the
 * instances' addresses. {@code tokensFile} is {@code VALID}, or {@code INVALID} while the tokens file cannot be used
 * and every token is refused (the reason is in the log, not here); absent without a tokens file. It does not change
 * {@code status}: the instance still processes, and a restart would not help.
 */
final class HealthApi {

  private final Supplier<TaskPlacement> streams;
  private final RestoreProgress restore;
  private final Supplier<ScoresTail.Status> liveUpdates;
  private final Supplier<JsonTopicView.State> scoresView;
  private final Supplier<JsonTopicView.State> participation;
  private final Supplier<Optional<Boolean>> tokensFileValid;

  HealthApi(Supplier<TaskPlacement> streams, RestoreProgress restore, Supplier<ScoresTail.Status> liveUpdates,
      Supplier<JsonTopicView.State> scoresView, Supplier<JsonTopicView.State> participation,
      Supplier<Optional<Boolean>> tokensFileValid) {
    this.streams = streams;
    this.scoresView = scoresView;
    this.restore = restore;
    this.liveUpdates = liveUpdates;
    this.participation = participation;
    this.tokensFileValid = tokensFileValid;
  }

  void health(Context ctx) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    TaskPlacement local = streams.get();
    State state = local == null ? State.CREATED : local.state();
    JsonTopicView.State view = scoresView.get();
    boolean up = state == State.RUNNING && view == JsonTopicView.State.READY;
    boolean down = !(state.isRunningOrRebalancing() || state == State.CREATED) || view == JsonTopicView.State.FAILED;
    body.put("status", up ? "UP" : down ? "DOWN" : "STARTING");
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
    body.put("scores", view.name());
    body.put("participation", participation.get().name());
    tokensFileValid.get().ifPresent(valid -> body.put("tokensFile", valid ? "VALID" : "INVALID"));
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
