package dev.feedback360.streams.query;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.topology.StoreNames;
import java.util.Collection;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * Interactive queries of one running instance of the team-scores app, as the app hands them to whatever serves
 * them (the dashboard's HTTP layer): the client's state, which instance holds a team's task, and which instances
 * there are. The scores are not read from the stores: under exactly-once a store also holds the changes of a
 * transaction still open, which may abort, so the dashboard answers from the committed {@code team-scores-json}.
 */
public final class TeamScoresQueries {

  private final KafkaStreams streams;

  public TeamScoresQueries(KafkaStreams streams) {
    this.streams = streams;
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
}
