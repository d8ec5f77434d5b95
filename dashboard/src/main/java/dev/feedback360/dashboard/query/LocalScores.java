package dev.feedback360.dashboard.query;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.query.TeamScoresQueries;
import dev.feedback360.streams.query.TeamScoresStore;
import dev.feedback360.streams.topology.StoreNames;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Interactive queries against this instance's {@value StoreNames#TEAM_AGGREGATES} store, and where the other keys
 * live, over the {@link TeamScoresQueries} the streams app hands over. Scores are derived from the exact totals on
 * every read, by the calculator the topology publishes with.
 *
 * <p>Nothing here answers "absent" unless it is sure: while the client is not RUNNING, the owner of a key is unknown,
 * or a store is migrating or restoring, every method throws {@link StoreUnavailableException}.
 */
public final class LocalScores {

  private final TeamScoresQueries queries;
  private final HostInfo self;

  /**
   * @param queries the queries of the running team-scores app
   * @param self this instance's {@code application.server}
   */
  public LocalScores(TeamScoresQueries queries, HostInfo self) {
    this.queries = queries;
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
    return queries.state();
  }

  /**
   * Which instance holds the team's scores.
   *
   * @throws StoreUnavailableException while the owner is unknown (not RUNNING, or a rebalance is under way)
   */
  public Owner ownerOf(TeamKey team) {
    requireRunning();
    KeyQueryMetadata metadata = queries.ownerOf(team);
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
    List<HostInfo> hosts = queries.instances().stream()
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
    Optional<TeamScores> scores = read(() -> queries.local(partition).team(team));
    // Absent only counts as absent if the store was still ours and live while we read it.
    if (scores.isEmpty()) {
      requireRunning();
    }
    return scores;
  }

  /**
   * The scores of every team held here, of one cycle or (cycle null) of all, ordered by cycle and team.
   *
   * @throws StoreUnavailableException while a local store is not queryable
   */
  public List<TeamScores> teams(String cycle) {
    List<TeamScores> teams = read(() -> queries.local().teams(cycle));
    requireRunning();
    return teams;
  }

  /**
   * Cycle id to the number of teams held here in that cycle, ordered by cycle.
   *
   * @throws StoreUnavailableException while a local store is not queryable
   */
  public SortedMap<String, Integer> cycles() {
    SortedMap<String, Integer> cycles = read(() -> queries.local().cycles());
    requireRunning();
    return cycles;
  }

  /** Reads while RUNNING, a store that is not queryable being unavailable. */
  private <T> T read(Supplier<T> query) {
    requireRunning();
    try {
      return query.get();
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
  }

  private void requireRunning() {
    State state = queries.state();
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
