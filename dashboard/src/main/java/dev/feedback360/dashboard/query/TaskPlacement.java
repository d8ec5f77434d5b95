package dev.feedback360.dashboard.query;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.streams.query.TeamScoresQueries;
import dev.feedback360.streams.topology.StoreNames;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the running app's tasks are: its state, which instance holds the {@value StoreNames#TEAM_AGGREGATES} task of
 * a team, and which instances there are, over the {@link TeamScoresQueries} the streams app hands over. The scores
 * themselves are answered from {@code team-scores-json}, not from the stores (see {@code JsonTopicView}).
 *
 * <p>Nothing here answers unless it is sure: while the client is not RUNNING or the owner of a key is unknown, every
 * method throws {@link StoreUnavailableException}.
 */
public final class TaskPlacement {

  private final TeamScoresQueries queries;
  private final HostInfo self;

  /**
   * @param queries the queries of the running team-scores app
   * @param self this instance's {@code application.server}
   */
  public TaskPlacement(TeamScoresQueries queries, HostInfo self) {
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

  private void requireRunning() {
    State state = queries.state();
    if (state != State.RUNNING) {
      throw new StoreUnavailableException("The scores are not queryable while the app is " + state
          + (state.isRunningOrRebalancing() ? " (rebalancing or restoring its state); retry shortly"
              : "; check the app's log"));
    }
  }
}
