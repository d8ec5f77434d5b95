package dev.feedback360.streams.topology;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.json.TeamScoresJson;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.JsonKeys;
import dev.feedback360.topics.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The pipeline as a pure topology: survey responses and nominations in, team scores and participation out.
 *
 * <pre>
 * survey-responses (ResponseKey -> SurveyResponse | withdrawal)
 *   -> latest-response [store latest-responses]    which response counts per key (misplaced records refused)
 * survey-nominations (ResponseKey -> Nomination | removal), co-partitioned with the responses
 *   -> nomination [store latest-responses]         the key's nomination, next to its response (same task)
 *   -> team-changes repartition (TeamKey -> ResponseChange: score contributions and participation status)
 *   -> team-aggregate [store team-aggregates]      exact add/subtract totals, scores under threshold k, participation
 *   -> team-scores (TeamKey -> TeamScores | tombstone)
 *   -> team-scores-json ("cycleId/teamId" -> JSON contract | tombstone), same transaction
 *   -> team-participation-json ("cycleId/teamId" -> JSON contract | tombstone), same transaction
 * </pre>
 *
 * Every operator, store and internal topic is named, so internal topic names survive changes.
 */
public final class TeamScoresTopology {

  public static final String SOURCE = "responses-source";
  public static final String LATEST_RESPONSE = "latest-response";
  public static final String NOMINATIONS_SOURCE = "nominations-source";
  public static final String NOMINATION = "nomination";
  public static final String KEY_CHANGES = "key-changes";
  public static final String TEAM_CHANGES = "team-changes";
  public static final String TEAM_AGGREGATE = "team-aggregate";
  public static final String SINK = "team-scores-sink";
  public static final String TO_JSON = "team-scores-to-json";
  public static final String JSON_SINK = "team-scores-json-sink";
  public static final String TEAM_UPDATES = "team-updates-";
  public static final String SCORES_BRANCH = "scores";
  public static final String PARTICIPATION_BRANCH = "participation";
  public static final String SCORES_VALUES = "team-scores-values";
  public static final String PARTICIPATION_TO_JSON = "team-participation-to-json";
  public static final String PARTICIPATION_SINK = "team-participation-json-sink";

  private TeamScoresTopology() {}

  /** Key of the JSON topics: {@code cycleId/teamId} ({@link JsonKeys}: '%' and '/' in the cycle id escaped). */
  public static String jsonKey(TeamKey team) {
    return JsonKeys.of(team.getCycleId(), team.getTeamId());
  }

  /** The repartition topic Kafka Streams creates for an application id. */
  public static String repartitionTopic(String applicationId) {
    return applicationId + "-" + TEAM_CHANGES + "-repartition";
  }

  /**
   * Every internal topic Kafka Streams creates for the topology under an application id: the two stores' changelogs
   * and the repartition topic. Named exactly, not by the prefix {@code <applicationId>-}, which another application's
   * topics share when its id starts with this one's ({@code feedback360-team-scores-v2}).
   */
  public static List<String> internalTopics(String applicationId) {
    return List.of(applicationId + "-" + StoreNames.LATEST_RESPONSES + "-changelog",
        applicationId + "-" + StoreNames.TEAM_AGGREGATES + "-changelog", repartitionTopic(applicationId));
  }

  /**
   * Every input counts, from a responses topic of one partition (TopologyTestDriver's): for tests of the rules that
   * do not depend on partitioning.
   */
  public static Topology build(Topics topics, ScoringConfig scoring) {
    return build(topics, scoring, Roster.OPEN);
  }

  /** Like {@link #build(Topics, ScoringConfig)} under the given roster. */
  public static Topology build(Topics topics, ScoringConfig scoring, Roster roster) {
    return build(topics, new ScoreCalculator(scoring), InputScope.ALL, new InputPartitioning(topics.responses(), 1),
        new InputPartitioning(topics.nominations(), 1), roster);
  }

  /**
   * The topology counting only the input in {@code scope} ({@link InputScope#ALL} in production, less for analysts'
   * replays) from a responses topic partitioned as {@code partitioning} says.
   */
  public static Topology build(Topics topics, ScoringConfig scoring, InputScope scope,
      InputPartitioning partitioning) {
    return build(topics, new ScoreCalculator(scoring), scope, partitioning);
  }

  /**
   * Like {@link #build(Topics, ScoringConfig, InputScope, InputPartitioning)}, publishing by {@code calculator}'s
   * rule: the app passes the calculator its interactive queries use too, so that both answer alike.
   */
  public static Topology build(Topics topics, ScoreCalculator calculator, InputScope scope,
      InputPartitioning partitioning) {
    return build(topics, calculator, scope, partitioning,
        new InputPartitioning(topics.nominations(), partitioning.partitions()), Roster.OPEN);
  }

  /**
   * The whole topology: {@code responses} and {@code nominations} say how the two co-partitioned inputs are
   * partitioned (the same partition count; the app checks it before building), {@code roster} which responses the
   * scores count.
   */
  public static Topology build(Topics topics, ScoreCalculator calculator, InputScope scope,
      InputPartitioning partitioning, InputPartitioning nominations, Roster roster) {
    if (nominations.partitions() != partitioning.partitions()) {
      throw new IllegalArgumentException("The nominations topic " + nominations.topic() + " has "
          + nominations.partitions() + " partitions but the responses topic " + partitioning.topic() + " has "
          + partitioning.partitions() + ": a nomination must land in the same task as its key's responses. Create "
          + nominations.topic() + " with " + partitioning.partitions() + " partitions (./feedback360 topics).");
    }
    StreamsBuilder builder = new StreamsBuilder();
    // No record cache on either store (docs/benchmarks.md, change 7): a cached store flushes every dirty entry to
    // RocksDB and its changelog inside the commit, which took p99 latency from 253 to 428 ms for no throughput.
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.LATEST_RESPONSES),
        AvroSerdes.responseKey(), AvroSerdes.responseState()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.TEAM_AGGREGATES),
        AvroSerdes.teamStoreKey(), AvroSerdes.teamStoreValue()));

    KnownKeys knownKeys = new KnownKeys();
    // Where sd is withheld the key side counts each response's cells with the least squares their counts and sums
    // allow, and reads scores of one value by the sums alone (review 74).
    boolean squaresRead = !calculator.config().withholdsSd();
    KStream<TeamKey, ResponseChange> responseChanges = builder.stream(topics.responses(),
        Consumed.with(AvroSerdes.responseKey(), AvroSerdes.surveyResponse())
            .withTimestampExtractor(new SubmittedAtTimestampExtractor())
            .withName(SOURCE))
        .process(() -> new LatestResponseProcessor(scope, partitioning, roster, squaresRead, knownKeys),
            Named.as(LATEST_RESPONSE),
            StoreNames.LATEST_RESPONSES);
    KStream<TeamKey, ResponseChange> nominationChanges = builder.stream(topics.nominations(),
        Consumed.with(AvroSerdes.responseKey(), AvroSerdes.nomination())
            .withTimestampExtractor(new NominatedAtTimestampExtractor())
            .withName(NOMINATIONS_SOURCE))
        .process(() -> new NominationProcessor(scope, nominations, roster, squaresRead, knownKeys),
            Named.as(NOMINATION),
            StoreNames.LATEST_RESPONSES);
    KStream<TeamKey, TeamUpdate> updates = responseChanges
        .merge(nominationChanges, Named.as(KEY_CHANGES))
        .repartition(Repartitioned.with(AvroSerdes.teamKey(), AvroSerdes.responseChange()).withName(TEAM_CHANGES))
        .process(() -> new TeamAggregateProcessor(calculator, roster), Named.as(TEAM_AGGREGATE),
            StoreNames.TEAM_AGGREGATES);
    updates.split(Named.as(TEAM_UPDATES))
        .branch((team, update) -> update instanceof TeamUpdate.Scores,
            Branched.withConsumer(branch -> scores(topics, branch), SCORES_BRANCH))
        .defaultBranch(Branched.withConsumer(branch -> participation(topics, branch), PARTICIPATION_BRANCH));
    return builder.build();
  }

  private static void scores(Topics topics, KStream<TeamKey, TeamUpdate> updates) {
    KStream<TeamKey, TeamScores> scores = updates.mapValues(update -> ((TeamUpdate.Scores) update).value(),
        Named.as(SCORES_VALUES));
    scores.to(topics.scores(), Produced.with(AvroSerdes.teamKey(), AvroSerdes.teamScores()).withName(SINK));
    scores
        .map((team, value) -> KeyValue.pair(jsonKey(team), value == null ? null : TeamScoresJson.toJsonLine(value)),
            Named.as(TO_JSON))
        .to(topics.scoresJson(), Produced.with(Serdes.String(), Serdes.String()).withName(JSON_SINK));
  }

  private static void participation(Topics topics, KStream<TeamKey, TeamUpdate> updates) {
    updates
        .map((team, update) -> KeyValue.pair(jsonKey(team), ((TeamUpdate.Participation) update).json()),
            Named.as(PARTICIPATION_TO_JSON))
        .to(topics.participationJson(), Produced.with(Serdes.String(), Serdes.String()).withName(PARTICIPATION_SINK));
  }
}
