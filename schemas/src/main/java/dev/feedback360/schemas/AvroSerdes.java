package dev.feedback360.schemas;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.RaterTally;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.avro.internal.TeamRaterKey;
import java.util.List;
import org.apache.avro.util.ClassSecurityValidator;

/** The one factory for every serde of the pipeline. Serdes are stateless and thread-safe after construction. */
public final class AvroSerdes {

  /** The package of the classes generated from this module's schemas. */
  static final String GENERATED_PACKAGE = "dev.feedback360.avro";

  static {
    trustGeneratedClasses();
  }

  private AvroSerdes() {}

  /**
   * Avro 1.12 refuses to instantiate classes it has not been told to trust. Adds this module's generated classes
   * (and only those) to whatever the process already trusts.
   */
  private static synchronized void trustGeneratedClasses() {
    ClassSecurityValidator.ClassSecurityPredicate existing = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(existing,
        type -> type.getPackageName().equals(GENERATED_PACKAGE)
            || type.getPackageName().equals(GENERATED_PACKAGE + ".internal")));
  }

  public static AvroSerde<ResponseKey> responseKey() {
    return create(ResponseKey.class, ResponseKey.getClassSchema());
  }

  public static AvroSerde<SurveyResponse> surveyResponse() {
    return new AvroSerde<>(SurveyResponse.class, SurveyResponse.getClassSchema(), SchemaCatalog.get(),
        SurveyResponseReader::new);
  }

  public static AvroSerde<Nomination> nomination() {
    return create(Nomination.class, Nomination.getClassSchema());
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

  /** Internal: keys of the team aggregate store, a TeamKey (the team's totals) or a TeamRaterKey (a rater's tally). */
  public static MultiTypeAvroSerde teamStoreKey() {
    return new MultiTypeAvroSerde(List.of(teamKey(), create(TeamRaterKey.class, TeamRaterKey.getClassSchema())));
  }

  /** Internal: values of the team aggregate store, a TeamAggregateState or a RaterTally. */
  public static MultiTypeAvroSerde teamStoreValue() {
    return new MultiTypeAvroSerde(List.of(teamAggregateState(), create(RaterTally.class, RaterTally.getClassSchema())));
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> AvroSerde<T> create(
      Class<T> type, org.apache.avro.Schema current) {
    return new AvroSerde<>(type, current, SchemaCatalog.get());
  }
}
