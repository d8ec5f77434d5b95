package dev.feedback360.streams.scoring;

import dev.feedback360.avro.AxesScores;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.OverallScores;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.RaterCounts;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.Style;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.scoring.TeamAggregate.Cell;
import java.time.Instant;

/**
 * Derives a team's published scores from its totals as published (the method is in docs/scoring.md, the publication
 * rule in docs/privacy.md).
 *
 * <p>A rater group is in the pool while it has at least k raters (live counts); SELF likewise, for its own cells
 * only. A cell shows the published parts of the groups in the pool; its mean and sd only when at least k distinct
 * raters stand behind it and every part it shows stands on at least N raters (a part on fewer could be subtracted
 * back out when its group leaves the pool). Derived fields use published cells only. No rounding. With {@link
 * ScoringConfig#withholdsSd} every sd is null and the rest the same.
 */
public final class ScoreCalculator {

  /** Balance at or beyond which a team's style is LEADING (or, negated, MANAGING). */
  static final double STYLE_THRESHOLD = 0.5;
  private static final RaterGroup[] GROUPS = RaterGroup.values();
  private static final Axis[] AXES = Axis.values();

  private final ScoringConfig config;
  private final int minRaters;
  private final int minChange;
  private final boolean withholdsSd;

  public ScoreCalculator(ScoringConfig config) {
    this.config = config;
    this.minRaters = config.minRaters();
    this.minChange = config.minChange();
    this.withholdsSd = config.withholdsSd();
  }

  /** The rule this calculator publishes by (k and N), which the totals it reads were built with too. */
  public ScoringConfig config() {
    return config;
  }

  /** The published scores of one team; updatedAt is the event time of the latest change to what is published. */
  public TeamScores scores(TeamKey team, TeamAggregate aggregate) {
    return scores(team, aggregate, aggregate.publishedAt());
  }

  /** The published scores of one team with the given updatedAt (for models that keep no event times). */
  public TeamScores scores(TeamKey team, TeamAggregate aggregate, Instant updatedAt) {
    // Groups as bit masks of their ordinals (this runs once per update): inPool all groups with k raters, pool the
    // same without SELF.
    int inPool = 0;
    for (int group = 0; group < GROUPS.length; group++) {
      if (aggregate.groupRaters(group) >= minRaters) {
        inPool |= 1 << group;
      }
    }
    int self = 1 << RaterGroup.SELF.ordinal();
    boolean selfInPool = (inPool & self) != 0;
    int pool = inPool & ~self;
    AxisScores[] axes = new AxisScores[AXES.length];
    // A team whose totals hold squares worked out from the sums (TeamAggregate#withholdsSd) withholds sd too.
    boolean sdWithheld = withholdsSd || aggregate.withholdsSd();
    Totals publishedLeader = Totals.ZERO;
    Totals publishedManager = Totals.ZERO;
    boolean anyPublished = false;
    for (Axis axis : AXES) {
      Cell leader = new Cell(axis, Pole.LEADER);
      Cell manager = new Cell(axis, Pole.MANAGER);
      Totals leaderTotals = pooled(aggregate, leader, pool);
      Totals managerTotals = pooled(aggregate, manager, pool);
      CellScores leaderCell = cell(leaderTotals, aggregate.publishedRaters(leader, pool),
          partsLargeEnough(aggregate, leader, pool), sdWithheld);
      CellScores managerCell = cell(managerTotals, aggregate.publishedRaters(manager, pool),
          partsLargeEnough(aggregate, manager, pool), sdWithheld);
      if (leaderCell.getMean() != null) {
        publishedLeader = publishedLeader.plus(leaderTotals, 1);
        anyPublished = true;
      }
      if (managerCell.getMean() != null) {
        publishedManager = publishedManager.plus(managerTotals, 1);
        anyPublished = true;
      }
      Double balance = difference(leaderCell.getMean(), managerCell.getMean());
      Double selfBalance = selfInPool
          ? difference(selfMean(aggregate, leader), selfMean(aggregate, manager))
          : null;
      axes[axis.ordinal()] = new AxisScores(leaderCell, managerCell, balance, selfBalance,
          difference(selfBalance, balance));
    }
    Double overallBalance = difference(publishedLeader.mean(), publishedManager.mean());
    return TeamScores.newBuilder()
        .setCycleId(team.getCycleId())
        .setTeamId(team.getTeamId())
        .setStatus(anyPublished ? PublicationStatus.PUBLISHED : PublicationStatus.SUPPRESSED)
        .setMinRaters(minRaters)
        .setRaters(new RaterCounts(
            aggregate.groupRaters(RaterGroup.SELF.ordinal()),
            aggregate.groupRaters(RaterGroup.MANAGER.ordinal()),
            aggregate.groupRaters(RaterGroup.PEER.ordinal()),
            aggregate.groupRaters(RaterGroup.DIRECT_REPORT.ordinal()),
            aggregate.groupRaters(RaterGroup.OTHER.ordinal())))
        .setAxes(new AxesScores(axes[Axis.CHANGE.ordinal()], axes[Axis.FOCUS.ordinal()],
            axes[Axis.HORIZON.ordinal()]))
        .setOverall(new OverallScores(publishedLeader.mean(), publishedManager.mean(), overallBalance,
            style(overallBalance)))
        .setPendingRaters(aggregate.pendingRaters(inPool))
        .setMinChange(minChange)
        .setUpdatedAt(updatedAt)
        .build();
  }

  private static Totals pooled(TeamAggregate aggregate, Cell cell, int groups) {
    Totals pooled = Totals.ZERO;
    for (int group = 0; group < GROUPS.length; group++) {
      if ((groups & (1 << group)) != 0) {
        pooled = pooled.plus(aggregate.publishedTotals(group, cell), 1);
      }
    }
    return pooled;
  }

  /** Whether every part the cell shows stands on no rater or on at least N raters. */
  private boolean partsLargeEnough(TeamAggregate aggregate, Cell cell, int groups) {
    return partsLargeEnough(aggregate, cell, groups, minChange);
  }

  private static boolean partsLargeEnough(TeamAggregate aggregate, Cell cell, int groups, int minChange) {
    for (int group = 0; group < GROUPS.length; group++) {
      if ((groups & (1 << group)) != 0) {
        int raters = aggregate.publishedRaters(cell, 1 << group);
        if (raters > 0 && raters < minChange) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether a record shows the cell's mean over the pooled groups {@code pool} (bits of group ordinals, SELF
   * excluded), as {@link #scores} decides it: what the publication rule reads as a group's part being in a record.
   */
  static boolean shows(TeamAggregate aggregate, Cell cell, int pool, ScoringConfig config) {
    return shows(aggregate.publishedRaters(cell, pool), partsLargeEnough(aggregate, cell, pool, config.minChange()),
        aggregate.publishedN(cell, pool), config.minRaters());
  }

  private static boolean shows(int raters, boolean partsLargeEnough, long n, int minRaters) {
    return raters >= minRaters && partsLargeEnough && n > 0;
  }

  /** The mean of the SELF part of a cell, when at least k (and N) self-raters stand behind it. */
  private Double selfMean(TeamAggregate aggregate, Cell cell) {
    int raters = aggregate.publishedRaters(cell, 1 << RaterGroup.SELF.ordinal());
    return raters >= minRaters && raters >= minChange
        ? aggregate.publishedTotals(RaterGroup.SELF.ordinal(), cell).mean()
        : null;
  }

  private CellScores cell(Totals totals, int raters, boolean partsLargeEnough, boolean withholdsSd) {
    boolean published = shows(raters, partsLargeEnough, totals.n(), minRaters);
    return new CellScores(
        published ? totals.mean() : null,
        published && !withholdsSd ? totals.sampleStandardDeviation() : null,
        Math.toIntExact(totals.n()),
        raters);
  }

  private static Double difference(Double a, Double b) {
    return a == null || b == null ? null : a - b;
  }

  static Style style(Double balance) {
    if (balance == null) {
      return null;
    }
    if (balance >= STYLE_THRESHOLD) {
      return Style.LEADING;
    }
    return balance <= -STYLE_THRESHOLD ? Style.MANAGING : Style.BALANCED;
  }
}
