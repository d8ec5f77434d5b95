package dev.feedback360.streams.topology;

/** Names of the topology's state stores, shared with anything that queries them. */
public final class StoreNames {

  /** ResponseKey -> the response counted for it, and what a withdrawal erased. */
  public static final String LATEST_RESPONSES = "latest-responses";
  /**
   * TeamKey -> the team's exact integer totals (TeamAggregateState, fixed size), and TeamRaterKey -> one rater's
   * reference counts in that team (RaterTally): state grows with teams and live raters, not with corrections.
   */
  public static final String TEAM_AGGREGATES = "team-aggregates";

  private StoreNames() {}
}
