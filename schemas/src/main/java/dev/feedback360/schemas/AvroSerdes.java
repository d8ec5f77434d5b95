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

/**
 * The one factory for every serde of the pipeline. Serdes are stateless and thread-safe after construction, so each
 * is built once and shared: building one resolves its schema's released versions and their fingerprints, and its
 * first decode on a thread builds Avro's reader, far more than decoding a record costs (a scan that asked for a
 * serde per record spent most of its time there: docs/benchmarks.md, tenth round).
 */
public final class AvroSerdes {

  /** The package of the classes generated from this module's schemas. */
  static final String GENERATED_PACKAGE = "dev.feedback360.avro";

  static {
    trustGeneratedClasses();
  }

  private static final AvroSerde<ResponseKey> RESPONSE_KEY = create(ResponseKey.class, ResponseKey.getClassSchema());
  private static final AvroSerde<SurveyResponse> SURVEY_RESPONSE = new AvroSerde<>(SurveyResponse.class,
      SurveyResponse.getClassSchema(), SchemaCatalog.get(), SurveyResponseReader::new);
  private static final AvroSerde<Nomination> NOMINATION = create(Nomination.class, Nomination.getClassSchema());
  private static final AvroSerde<TeamKey> TEAM_KEY = create(TeamKey.class, TeamKey.getClassSchema());
  private static final AvroSerde<TeamScores> TEAM_SCORES = create(TeamScores.class, TeamScores.getClassSchema());
  private static final AvroSerde<ResponseChange> RESPONSE_CHANGE =
      create(ResponseChange.class, ResponseChange.getClassSchema());
  private static final AvroSerde<ResponseState> RESPONSE_STATE =
      create(ResponseState.class, ResponseState.getClassSchema());
  private static final AvroSerde<TeamAggregateState> TEAM_AGGREGATE_STATE =
      create(TeamAggregateState.class, TeamAggregateState.getClassSchema());
  private static final MultiTypeAvroSerde TEAM_STORE_KEY =
      new MultiTypeAvroSerde(List.of(TEAM_KEY, create(TeamRaterKey.class, TeamRaterKey.getClassSchema())));
  private static final MultiTypeAvroSerde TEAM_STORE_VALUE =
      new MultiTypeAvroSerde(List.of(TEAM_AGGREGATE_STATE, create(RaterTally.class, RaterTally.getClassSchema())));

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
    return RESPONSE_KEY;
  }

  public static AvroSerde<SurveyResponse> surveyResponse() {
    return SURVEY_RESPONSE;
  }

  public static AvroSerde<Nomination> nomination() {
    return NOMINATION;
  }

  public static AvroSerde<TeamKey> teamKey() {
    return TEAM_KEY;
  }

  public static AvroSerde<TeamScores> teamScores() {
    return TEAM_SCORES;
  }

  /** Internal: the change records of the team repartition topic. */
  public static AvroSerde<ResponseChange> responseChange() {
    return RESPONSE_CHANGE;
  }

  /** Internal: the latest-response state store. */
  public static AvroSerde<ResponseState> responseState() {
    return RESPONSE_STATE;
  }

  /** Internal: the team aggregate state store. */
  public static AvroSerde<TeamAggregateState> teamAggregateState() {
    return TEAM_AGGREGATE_STATE;
  }

  /** Internal: keys of the team aggregate store, a TeamKey (the team's totals) or a TeamRaterKey (a rater's tally). */
  public static MultiTypeAvroSerde teamStoreKey() {
    return TEAM_STORE_KEY;
  }

  /** Internal: values of the team aggregate store, a TeamAggregateState or a RaterTally. */
  public static MultiTypeAvroSerde teamStoreValue() {
    return TEAM_STORE_VALUE;
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> AvroSerde<T> create(
      Class<T> type, org.apache.avro.Schema current) {
    return new AvroSerde<>(type, current, SchemaCatalog.get());
  }
}
