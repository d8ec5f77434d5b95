package dev.feedback360.streams.topology;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.metrics.DeadLetterReason;
import dev.feedback360.streams.metrics.PipelineMetrics;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the counted response per ResponseKey and forwards, keyed by team, what stops and starts counting. A
 * correction within one team is one change record; a move between teams is a subtraction for the old team and an
 * addition for the new one.
 *
 * <p>A record that is not on the partition its key belongs to ({@link InputPartitioning}) is refused first: the
 * latest response is kept per partition, so such a record would be counted next to the one it corrects.
 */
final class LatestResponseProcessor implements Processor<ResponseKey, SurveyResponse, TeamKey, ResponseChange> {

  private final InputScope scope;
  private final InputPartitioning partitioning;
  private final Serializer<ResponseKey> keySerializer = AvroSerdes.responseKey().serializer();
  private ProcessorContext<TeamKey, ResponseChange> context;
  private KeyValueStore<ResponseKey, ResponseState> store;
  private PipelineMetrics metrics;

  LatestResponseProcessor(InputScope scope, InputPartitioning partitioning) {
    this.scope = scope;
    this.partitioning = partitioning;
  }

  @Override
  public void init(ProcessorContext<TeamKey, ResponseChange> context) {
    this.context = context;
    this.store = context.getStateStore(StoreNames.LATEST_RESPONSES);
    this.metrics = PipelineMetrics.from(context.appConfigs());
  }

  @Override
  public void process(Record<ResponseKey, SurveyResponse> record) {
    ResponseKey key = record.key();
    if (key == null) {
      throw new InvalidResponseException(DeadLetterReason.MISSING_KEY, "Record has no key; expected a ResponseKey");
    }
    RecordMetadata source = context.recordMetadata().orElseThrow(() -> new IllegalStateException(
        "No source record metadata in " + TeamScoresTopology.LATEST_RESPONSE + ": it must read a source topic"));
    partitioning.requireOnItsPartition(keySerializer.serialize(source.topic(), key), source.partition());
    SurveyResponse value = record.value();
    if (value != null) {
      ResponseChecks.requireValid(key, value);
    }
    if (!scope.includesKey(key) || (value != null && !scope.includesSubmission(value))) {
      return;
    }
    ResponseState current = store.get(key);
    LatestResponseRule.Decision decision = value == null
        ? LatestResponseRule.withdraw(current, Instant.ofEpochMilli(record.timestamp()))
        : LatestResponseRule.submit(current, value);
    metrics.response(value == null, decision.before() != null, decision.changed());
    if (!Objects.equals(decision.state(), current)) {
      store.put(key, decision.state());
    }
    if (decision.changed()) {
      forward(record, decision.before(), decision.after());
    }
  }

  private void forward(Record<ResponseKey, SurveyResponse> record, SurveyResponse before, SurveyResponse after) {
    if (before != null && after != null && before.getTeamId().equals(after.getTeamId())) {
      send(record, teamOf(after), before, after);
      return;
    }
    if (before != null) {
      send(record, teamOf(before), before, null);
    }
    if (after != null) {
      send(record, teamOf(after), null, after);
    }
  }

  private void send(Record<ResponseKey, SurveyResponse> record, TeamKey team, SurveyResponse before,
      SurveyResponse after) {
    context.forward(record.withKey(team).withValue(new ResponseChange(
        before == null ? null : TeamAggregate.contribution(before),
        after == null ? null : TeamAggregate.contribution(after))));
  }

  private static TeamKey teamOf(SurveyResponse response) {
    return new TeamKey(response.getCycleId(), response.getTeamId());
  }
}
