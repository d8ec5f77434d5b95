package dev.feedback360.schemas;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.avro.internal.TeamAggregateState;

/** The one factory for every serde of the pipeline. Serdes are stateless and thread-safe after construction. */
public final class AvroSerdes {

  private AvroSerdes() {}

  public static AvroSerde<ResponseKey> responseKey() {
    return create(ResponseKey.class, ResponseKey.getClassSchema());
  }

  public static AvroSerde<SurveyResponse> surveyResponse() {
    return create(SurveyResponse.class, SurveyResponse.getClassSchema());
  }

  public static AvroSerde<TeamKey> teamKey() {
    return create(TeamKey.class, TeamKey.getClassSchema());
  }

  public static AvroSerde<TeamScores> teamScores() {
    return create(TeamScores.class, TeamScores.getClassSchema());
  }

  /** Internal: the change records of the team repartition topic. */
  public static AvroSerde<ResponseChange> responseChange() {
    return create(ResponseChange.class, ResponseChange.getClassSchema());
  }

  /** Internal: the latest-response state store. */
  public static AvroSerde<ResponseState> responseState() {
    return create(ResponseState.class, ResponseState.getClassSchema());
  }

  /** Internal: the team aggregate state store. */
  public static AvroSerde<TeamAggregateState> teamAggregateState() {
    return create(TeamAggregateState.class, TeamAggregateState.getClassSchema());
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> AvroSerde<T> create(
      Class<T> type, org.apache.avro.Schema current) {
    return new AvroSerde<>(type, current, SchemaCatalog.get());
  }
}
