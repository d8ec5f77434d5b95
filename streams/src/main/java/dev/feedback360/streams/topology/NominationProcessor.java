package dev.feedback360.streams.topology;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.NominationRef;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.schemas.AvroSerdes;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps each ResponseKey's nomination (team and group of the latest nomination value; null removes it) in the same
 * store entry as the key's counted response, and forwards to the key's teams what that changes: participation always;
 * the scores too under the strict roster, where a nomination lets a held response in and a removal or move takes it
 * out ({@link RosterRule}).
 *
 * <p>Misplaced records (not on their key's partition of the nominations topic, which is partitioned like the
 * responses topic) and nominations whose key and value disagree go to the dead-letter topic: a misplaced nomination
 * would be kept in another task than its key's response.
 */
final class NominationProcessor implements Processor<ResponseKey, Nomination, TeamKey, ResponseChange> {

  private final InputScope scope;
  private final InputPartitioning partitioning;
  private final Roster roster;
  /** Whether the rule reads the answers' squares: not where sd is withheld (RosterRule#changes). */
  private final boolean squaresRead;
  private final Serializer<ResponseKey> keySerializer = AvroSerdes.responseKey().serializer();
  private ProcessorContext<TeamKey, ResponseChange> context;
  private final KnownKeys knownKeys;
  private KnownKeys.Store store;

  NominationProcessor(InputScope scope, InputPartitioning partitioning, Roster roster, boolean squaresRead,
      KnownKeys knownKeys) {
    this.scope = scope;
    this.partitioning = partitioning;
    this.roster = roster;
    this.squaresRead = squaresRead;
    this.knownKeys = knownKeys;
  }

  @Override
  public void init(ProcessorContext<TeamKey, ResponseChange> context) {
    this.context = context;
    this.store = knownKeys.open(context, context.getStateStore(StoreNames.LATEST_RESPONSES));
  }

  @Override
  public void close() {
    knownKeys.close(store);
  }

  @Override
  public void process(Record<ResponseKey, Nomination> record) {
    ResponseKey key = record.key();
    partitioning.requireKeyedOnItsPartition(key, "Nomination record", keySerializer, context,
        TeamScoresTopology.NOMINATION);
    Nomination value = record.value();
    if (value != null) {
      NominationChecks.requireValid(key, value);
      if (value.getNominatedAt() != null && value.getNominatedAt().toEpochMilli() != record.timestamp()) {
        // The extractor did not use it (EventTimes).
        throw new InvalidResponseException(EventTimes.refusal("nominatedAt", value.getNominatedAt().toEpochMilli(),
            record.timestamp()));
      }
    }
    if (!scope.includesKey(key) || !scope.includesNomination(record.timestamp())) {
      return;
    }
    ResponseState current = store.get(key);
    NominationRef nomination = RosterRule.ref(value);
    if (Objects.equals(RosterRule.nomination(current), nomination) && (current == null || current.getRostered())) {
      return;
    }
    KeyStateUpdate.apply(context, store, roster, squaresRead, record, current,
        RosterRule.afterNomination(current, nomination, roster, Instant.ofEpochMilli(record.timestamp())));
  }
}
