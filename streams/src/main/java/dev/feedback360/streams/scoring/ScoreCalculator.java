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
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Derives a team's published scores from its exact totals (the method is written down in docs/scoring.md).
 *
 * <p>Non-self groups with at least k raters are publishable; "others" cells pool the answers of publishable groups
 * only; a cell shows its mean and sd only when at least k distinct raters contributed. SELF answers are never
 * thresholded and only feed selfBalance. No rounding.
 */
public final class ScoreCalculator {

  /** Balance at or beyond which a team's style is LEADING (or, negated, MANAGING). */
  static final double STYLE_THRESHOLD = 0.5;

  private final int minRaters;

  public ScoreCalculator(ScoringConfig config) {
    this.minRaters = config.minRaters();
  }

  /** The scores of one team; {@code updatedAt} is the event time of the latest change applied to it. */
  public TeamScores scores(TeamKey team, TeamAggregate aggregate, Instant updatedAt) {
    Map<RaterGroup, Integer> raters = aggregate.ratersByGroup();
    Set<RaterGroup> publishable = EnumSet.noneOf(RaterGroup.class);
    for (RaterGroup group : RaterGroup.values()) {
      if (group != RaterGroup.SELF && raters.getOrDefault(group, 0) >= minRaters) {
        publishable.add(group);
      }
    }
    Map<Axis, AxisScores> axes = new EnumMap<>(Axis.class);
    Totals publishedLeader = Totals.ZERO;
    Totals publishedManager = Totals.ZERO;
    boolean anyPublished = false;
    for (Axis axis : Axis.values()) {
      Totals leader = pooled(aggregate, new Cell(axis, Pole.LEADER), publishable);
      Totals manager = pooled(aggregate, new Cell(axis, Pole.MANAGER), publishable);
      int leaderRaters = aggregate.distinctRaters(new Cell(axis, Pole.LEADER), publishable);
      int managerRaters = aggregate.distinctRaters(new Cell(axis, Pole.MANAGER), publishable);
      CellScores leaderCell = cell(leader, leaderRaters);
      CellScores managerCell = cell(manager, managerRaters);
      if (leaderCell.getMean() != null) {
        publishedLeader = publishedLeader.plus(leader, 1);
        anyPublished = true;
      }
      if (managerCell.getMean() != null) {
        publishedManager = publishedManager.plus(manager, 1);
        anyPublished = true;
      }
      Double balance = difference(leaderCell.getMean(), managerCell.getMean());
      Double selfBalance = difference(
          aggregate.totals(RaterGroup.SELF, new Cell(axis, Pole.LEADER)).mean(),
          aggregate.totals(RaterGroup.SELF, new Cell(axis, Pole.MANAGER)).mean());
      axes.put(axis, new AxisScores(leaderCell, managerCell, balance, selfBalance, difference(selfBalance, balance)));
    }
    Double overallBalance = difference(publishedLeader.mean(), publishedManager.mean());
    return TeamScores.newBuilder()
        .setCycleId(team.getCycleId())
        .setTeamId(team.getTeamId())
        .setStatus(anyPublished ? PublicationStatus.PUBLISHED : PublicationStatus.SUPPRESSED)
        .setMinRaters(minRaters)
        .setRaters(new RaterCounts(
            raters.getOrDefault(RaterGroup.SELF, 0),
            raters.getOrDefault(RaterGroup.MANAGER, 0),
            raters.getOrDefault(RaterGroup.PEER, 0),
            raters.getOrDefault(RaterGroup.DIRECT_REPORT, 0),
            raters.getOrDefault(RaterGroup.OTHER, 0)))
        .setAxes(new AxesScores(axes.get(Axis.CHANGE), axes.get(Axis.FOCUS), axes.get(Axis.HORIZON)))
        .setOverall(new OverallScores(publishedLeader.mean(), publishedManager.mean(), overallBalance,
            style(overallBalance)))
        .setUpdatedAt(updatedAt)
        .build();
  }

  private static Totals pooled(TeamAggregate aggregate, Cell cell, Set<RaterGroup> groups) {
    Totals pooled = Totals.ZERO;
    for (RaterGroup group : groups) {
      pooled = pooled.plus(aggregate.totals(group, cell), 1);
    }
    return pooled;
  }

  private CellScores cell(Totals totals, int raters) {
    boolean published = raters >= minRaters && totals.n() > 0;
    return new CellScores(
        published ? totals.mean() : null,
        published ? totals.sampleStandardDeviation() : null,
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
