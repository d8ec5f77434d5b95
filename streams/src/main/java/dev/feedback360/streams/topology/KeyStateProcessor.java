package dev.feedback360.streams.topology;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.schemas.AvroSerdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the two processors of a response key's state share ({@link LatestResponseProcessor} for responses,
 * {@link NominationProcessor} for nominations): the key's one entry in the latest-responses store, read through
 * {@link KnownKeys}, a record refused when it is not on its key's partition, and each new state forwarded to the key's
 * teams by {@link KeyStateUpdate}.
 *
 * @param <V> the input record's value
 */
abstract class KeyStateProcessor<V> implements Processor<ResponseKey, V, TeamKey, ResponseChange> {

  final InputScope scope;
  final Roster roster;
  /** Whether the rule reads the answers' squares: not where sd is withheld (RosterRule#changes). */
  final boolean squaresRead;
  private final InputPartitioning partitioning;
  private final KnownKeys knownKeys;
  private final Serializer<ResponseKey> keySerializer = AvroSerdes.responseKey().serializer();
  private ProcessorContext<TeamKey, ResponseChange> context;
  private KnownKeys.Store store;

  KeyStateProcessor(InputScope scope, InputPartitioning partitioning, Roster roster, boolean squaresRead,
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

  /**
   * Refuses a record (described as {@code what}; a {@code withdrawal} when its value is null) that is not on its
   * key's partition of the processor's topic.
   */
  final void requireOnItsPartition(ResponseKey key, String what, boolean withdrawal, String processor) {
    partitioning.requireKeyedOnItsPartition(key, what, withdrawal, keySerializer, context, processor);
  }

  /** The key's state, or null for a key the store does not hold. */
  final ResponseState current(ResponseKey key) {
    return store.get(key);
  }

  /** Stores the key's next state and forwards to its teams what changes between the two ({@link KeyStateUpdate}). */
  final void update(Record<ResponseKey, V> record, ResponseState current, ResponseState next) {
    KeyStateUpdate.apply(context, store, roster, squaresRead, record, current, next);
  }
}
