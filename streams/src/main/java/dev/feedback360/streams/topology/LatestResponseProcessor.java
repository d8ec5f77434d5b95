package dev.feedback360.streams.topology;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.streams.metrics.PipelineMetrics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps the counted response per ResponseKey (next to the key's nomination, {@link NominationProcessor}) and
 * forwards, keyed by team, what stops and starts counting and how the key's participation status changes
 * ({@link RosterRule}). A correction within one team is one change record; a move between teams is a subtraction
 * for the old team and an addition for the new one.
 *
 * <p>A record that is not on the partition its key belongs to ({@link InputPartitioning}) is refused first: the
 * latest response is kept per partition, so such a record would be counted next to the one it corrects.
 */
final class LatestResponseProcessor extends KeyStateProcessor<SurveyResponse> {

  private PipelineMetrics metrics;

  LatestResponseProcessor(InputScope scope, InputPartitioning partitioning, Roster roster, boolean squaresRead,
      KnownKeys knownKeys) {
    super(scope, partitioning, roster, squaresRead, knownKeys);
  }

  @Override
  public void init(ProcessorContext<TeamKey, ResponseChange> context) {
    super.init(context);
    this.metrics = PipelineMetrics.from(context.appConfigs());
  }

  @Override
  public void process(Record<ResponseKey, SurveyResponse> record) {
    ResponseKey key = record.key();
    requireOnItsPartition(key, "Record", record.value() == null, TeamScoresTopology.LATEST_RESPONSE);
    SurveyResponse value = record.value();
    if (value != null) {
      ResponseChecks.requireValid(key, value);
      long submittedAt = value.getSubmittedAt().toEpochMilli();
      if (submittedAt != record.timestamp()) { // the extractor did not use it (EventTimes)
        throw new InvalidResponseException(EventTimes.refusal("submittedAt", submittedAt, record.timestamp()));
      }
    }
    if (!scope.includesKey(key) || (value != null && !scope.includesSubmission(value))) {
      return;
    }
    ResponseState current = current(key);
    LatestResponseRule.Decision decision = value == null
        ? LatestResponseRule.withdraw(current, Instant.ofEpochMilli(record.timestamp()))
        : LatestResponseRule.submit(current, ResponseStates.summary(value, squaresRead));
    metrics.response(value == null, decision.before() != null, decision.changed());
    update(record, current, decision.state());
  }
}
