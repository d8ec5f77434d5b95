package dev.feedback360.streams.topology;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.internal.NominationRef;
import dev.feedback360.avro.internal.ResponseState;
import java.time.Instant;
import java.util.Objects;
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
final class NominationProcessor extends KeyStateProcessor<Nomination> {

  NominationProcessor(InputScope scope, InputPartitioning partitioning, Roster roster, boolean squaresRead,
      KnownKeys knownKeys) {
    super(scope, partitioning, roster, squaresRead, knownKeys);
  }

  @Override
  public void process(Record<ResponseKey, Nomination> record) {
    ResponseKey key = record.key();
    requireOnItsPartition(key, "Nomination record", false, TeamScoresTopology.NOMINATION);
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
    ResponseState current = current(key);
    NominationRef nomination = RosterRule.ref(value);
    if (Objects.equals(RosterRule.nomination(current), nomination) && (current == null || current.getRostered())) {
      return;
    }
    update(record, current,
        RosterRule.afterNomination(current, nomination, roster, Instant.ofEpochMilli(record.timestamp())));
  }
}
