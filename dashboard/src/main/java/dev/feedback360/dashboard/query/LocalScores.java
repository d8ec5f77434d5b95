package dev.feedback360.dashboard.query;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.streams.topology.StoreNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries against this instance's {@value StoreNames#TEAM_AGGREGATES} store, and where the other keys
 * live. Scores are derived from the exact totals on every read, the same way the topology derives what it publishes.
 *
 * <p>Nothing here answers "absent" unless it is sure: while the client is not RUNNING, the owner of a key is unknown,
 * or a store is migrating or restoring, every method throws {@link StoreUnavailableException}.
 */
public final class LocalScores {

  private final KafkaStreams streams;
  private final ScoringConfig scoring;
  private final ScoreCalculator calculator;
  private final HostInfo self;

  /**
   * @param streams the running Kafka Streams client of the team-scores topology
   * @param scoring the threshold the topology runs with, so that answers equal what it publishes
   * @param self this instance's {@code application.server}
   */
  public LocalScores(KafkaStreams streams, ScoringConfig scoring, HostInfo self) {
    this.streams = streams;
    this.scoring = scoring;
    this.calculator = new ScoreCalculator(scoring);
    this.self = self;
  }

  /** Where a team's scores live: the instance with the active task, and the partition. */
  public record Owner(HostInfo host, int partition, boolean local) {}

  /** This instance's {@code application.server}. */
  public HostInfo self() {
    return self;
  }

  /** The client's state. */
  public State state() {
    return streams.state();
  }

  /**
   * Which instance holds the team's scores.
   *
   * @throws StoreUnavailableException while the owner is unknown (not RUNNING, or a rebalance is under way)
   */
  public Owner ownerOf(TeamKey team) {
    requireRunning();
    KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.TEAM_AGGREGATES, team,
        AvroSerdes.teamKey().serializer());
    if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
        || HostInfo.unavailable().equals(metadata.activeHost())) {
      throw new StoreUnavailableException("No instance owns the team's scores at the moment (a rebalance is under "
          + "way); retry shortly");
    }
    return new Owner(metadata.activeHost(), metadata.partition(), metadata.activeHost().equals(self));
  }

  /**
   * Every instance that holds a part of the store, this one included, in a stable order.
   *
   * @throws StoreUnavailableException while not RUNNING or while no instance is known
   */
  public List<HostInfo> instances() {
    requireRunning();
    List<HostInfo> hosts = streams.streamsMetadataForStore(StoreNames.TEAM_AGGREGATES).stream()
        .map(StreamsMetadata::hostInfo)
        .filter(host -> !HostInfo.unavailable().equals(host))
        .distinct()
        .sorted(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port))
        .toList();
    if (hosts.isEmpty()) {
      throw new StoreUnavailableException("No instance holds the scores store yet (the app is still starting); "
          + "retry shortly");
    }
    return hosts;
  }

  /**
   * The team's scores from the local store partition, or empty when the team has no scores.
   *
   * @throws StoreUnavailableException while the partition is not active and queryable here
   */
  public Optional<TeamScores> team(TeamKey team, int partition) {
    requireRunning();
    TeamAggregateState state;
    try {
      state = (TeamAggregateState) store(partition).get(team);
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
    if (state == null) {
      // Absent only counts as absent if the store was still ours and live while we read it.
      requireRunning();
      return Optional.empty();
    }
    return Optional.of(scores(team, state));
  }

  /**
   * The scores of every team held here, of one cycle or (cycle null) of all, ordered by cycle and team.
   *
   * @throws StoreUnavailableException while a local store is not queryable
   */
  public List<TeamScores> teams(String cycle) {
    requireRunning();
    List<TeamScores> teams = new ArrayList<>();
    try (KeyValueIterator<SpecificRecord, SpecificRecord> all = store(null).all()) {
      while (all.hasNext()) {
        KeyValue<SpecificRecord, SpecificRecord> entry = all.next();
        // The store also holds one tally per rater (TeamRaterKey); only TeamKey entries are teams.
        if (entry.key instanceof TeamKey team && (cycle == null || cycle.equals(team.getCycleId()))) {
          teams.add(scores(team, (TeamAggregateState) entry.value));
        }
      }
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
    requireRunning();
    teams.sort(Comparator.comparing(TeamScores::getCycleId).thenComparing(TeamScores::getTeamId));
    return teams;
  }

  /**
   * Cycle id to the number of teams held here in that cycle, ordered by cycle.
   *
   * @throws StoreUnavailableException while a local store is not queryable
   */
  public SortedMap<String, Integer> cycles() {
    requireRunning();
    SortedMap<String, Integer> cycles = new TreeMap<>();
    try (KeyValueIterator<SpecificRecord, SpecificRecord> keys = store(null).all()) {
      while (keys.hasNext()) {
        if (keys.next().key instanceof TeamKey team) {
          cycles.merge(team.getCycleId(), 1, Integer::sum);
        }
      }
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
    requireRunning();
    return cycles;
  }

  private TeamScores scores(TeamKey team, TeamAggregateState state) {
    return calculator.scores(team, TeamAggregate.fromState(state, scoring));
  }

  private ReadOnlyKeyValueStore<SpecificRecord, SpecificRecord> store(Integer partition) {
    StoreQueryParameters<ReadOnlyKeyValueStore<SpecificRecord, SpecificRecord>> parameters =
        StoreQueryParameters.fromNameAndType(StoreNames.TEAM_AGGREGATES, QueryableStoreTypes.keyValueStore());
    return streams.store(partition == null ? parameters : parameters.withPartition(partition));
  }

  private void requireRunning() {
    State state = streams.state();
    if (state != State.RUNNING) {
      throw new StoreUnavailableException("The scores are not queryable while the app is " + state
          + (state.isRunningOrRebalancing() ? " (rebalancing or restoring its state); retry shortly"
              : "; check the app's log"));
    }
  }

  private static StoreUnavailableException unavailable(InvalidStateStoreException e) {
    return new StoreUnavailableException("The scores store is migrating or restoring on this instance; retry "
        + "shortly (" + e.getMessage() + ")", e);
  }
}
