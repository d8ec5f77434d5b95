package dev.feedback360.streams.query;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.topology.StoreNames;
import java.util.Collection;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries of one running instance of the team-scores app, as the app hands them to whatever serves
 * them (the dashboard's HTTP layer): the client's state, which instance holds a team, and this instance's part of
 * the scores, computed by the same {@link ScoreCalculator} as the topology publishes with.
 *
 * <p>Kafka Streams' own exceptions pass through: {@code InvalidStateStoreException} while a store is migrating or
 * restoring here.
 */
public final class TeamScoresQueries {

  private final KafkaStreams streams;
  private final ScoreCalculator calculator;

  public TeamScoresQueries(KafkaStreams streams, ScoreCalculator calculator) {
    this.streams = streams;
    this.calculator = calculator;
  }

  /** The client's state; queries answer for sure only while it is RUNNING. */
  public State state() {
    return streams.state();
  }

  /** Where the team's scores live (active host and partition), or {@link KeyQueryMetadata#NOT_AVAILABLE}. */
  public KeyQueryMetadata ownerOf(TeamKey team) {
    return streams.queryMetadataForKey(StoreNames.TEAM_AGGREGATES, team, AvroSerdes.teamKey().serializer());
  }

  /** Every instance known to hold a part of the scores, this one included. */
  public Collection<StreamsMetadata> instances() {
    return streams.streamsMetadataForStore(StoreNames.TEAM_AGGREGATES);
  }

  /** The scores held here: every local partition. */
  public TeamScoresStore local() {
    return TeamScoresStore.readOnly(streams.store(parameters()), calculator);
  }

  /** The scores held here in one partition, which must be active on this instance. */
  public TeamScoresStore local(int partition) {
    return TeamScoresStore.readOnly(streams.store(parameters().withPartition(partition)), calculator);
  }

  private static StoreQueryParameters<ReadOnlyKeyValueStore<SpecificRecord, SpecificRecord>> parameters() {
    return StoreQueryParameters.fromNameAndType(StoreNames.TEAM_AGGREGATES, QueryableStoreTypes.keyValueStore());
  }
}
