package dev.feedback360.streams.topology;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseState;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The last step both key processors share (responses and nominations): settle the key's new state under the roster,
 * store it (or delete it once it holds nothing), and send its teams what changed ({@link RosterRule#changes}), with
 * none of the input record's headers.
 */
final class KeyStateUpdate {

  private KeyStateUpdate() {}

  static void apply(ProcessorContext<TeamKey, ResponseChange> context, KnownKeys.Store store,
      Roster roster, boolean squaresRead, Record<ResponseKey, ?> record, ResponseState current, ResponseState next) {
    if (current != null && next == current && current.getRostered()) {
      return;
    }
    ResponseState settled = RosterRule.settle(current, next, roster);
    if (settled.equals(current)) {
      return;
    }
    ResponseKey key = record.key();
    if (RosterRule.isEmpty(settled)) {
      store.delete(key);
    } else {
      store.put(key, settled);
    }
    for (RosterRule.TeamChange change : RosterRule.changes(key.getCycleId(), key.getRaterId(), current, settled,
        squaresRead)) {
      // Without the input's headers: whatever a producer put there (a submitter's address, a trace id) would reach
      // every output record the change publishes, and name the rater behind it (review 71).
      context.forward(new Record<>(change.team(), change.change(), record.timestamp()));
    }
  }
}
