package dev.feedback360.streams.scoring;

import dev.feedback360.avro.RaterGroup;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One team's participation in one cycle (docs/wire-format.md, team-participation-json): per rater group the
 * distinct raters nominated (invited), those with an answered nomination (responded) and those the scores count
 * (counted, what k applies to), and the response keys answering no nomination (unnominated). Counts only; never a
 * rater.
 *
 * @param roster the app's roster, {@code open} or {@code strict}
 * @param minRaters k, the anonymity threshold of the scores
 * @param groups groups with invited or counted raters, in RaterGroup order
 * @param updatedAt greatest event time of the changes reflected; null when unknown
 */
public record TeamParticipation(String cycleId, String teamId, String roster, int minRaters,
    Map<RaterGroup, Group> groups, int unnominated, Instant updatedAt) {

  /** One rater group's figures. */
  public record Group(int invited, int responded, int counted) {

    /** responded / invited; null when no one is invited. */
    public Double rate() {
      return TeamParticipation.rate(responded, invited);
    }

    /** Invited raters, but fewer than k counted: the group will be left out of the scores unless more answer. */
    public boolean atRisk(int minRaters) {
      return invited > 0 && counted < minRaters;
    }
  }

  public TeamParticipation {
    Objects.requireNonNull(cycleId, "cycleId");
    Objects.requireNonNull(teamId, "teamId");
    groups = Map.copyOf(groups);
  }

  /** Sum of invited over groups (a rater nominated in two groups counts in each). */
  public int invited() {
    int invited = 0;
    for (Group group : groups.values()) {
      invited += group.invited();
    }
    return invited;
  }

  /** Sum of responded over groups. */
  public int responded() {
    int responded = 0;
    for (Group group : groups.values()) {
      responded += group.responded();
    }
    return responded;
  }

  /** responded / invited over all groups; null when no one is invited. */
  public Double rate() {
    return rate(responded(), invited());
  }

  static Double rate(int responded, int invited) {
    return invited == 0 ? null : (double) responded / invited;
  }
}
