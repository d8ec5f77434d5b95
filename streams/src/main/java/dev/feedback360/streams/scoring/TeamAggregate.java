package dev.feedback360.streams.scoring;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.internal.CellRaterCount;
import dev.feedback360.avro.internal.CellTotals;
import dev.feedback360.avro.internal.GroupRaterCount;
import dev.feedback360.avro.internal.TeamAggregateState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact running totals of one team in one cycle: integer sums per (group, axis, pole) and reference counts of
 * who stands behind them. Responses are added and subtracted; nothing is ever recomputed from a sample and no
 * mean is stored. Every score is derived from this by {@link ScoreCalculator}.
 */
public final class TeamAggregate {

  /** A cell of the instrument: one pole of one axis. */
  public record Cell(Axis axis, Pole pole) {}

  record GroupCell(RaterGroup group, Cell cell) {}

  record RaterInGroup(String raterId, RaterGroup group) {}

  record RaterOnCell(String raterId, RaterGroup group, Cell cell) {}

  private int responses;
  private Instant lastChangeAt;
  private final Map<RaterInGroup, Integer> groupRaters = new HashMap<>();
  private final Map<GroupCell, Totals> cells = new HashMap<>();
  private final Map<RaterOnCell, Integer> cellRaters = new HashMap<>();

  /** Counts a response in. */
  public void add(SurveyResponse response) {
    apply(response, 1);
  }

  /**
   * Takes a previously added response back out.
   *
   * @throws IllegalStateException if the response was not counted here (the aggregate would no longer be exact)
   */
  public void subtract(SurveyResponse response) {
    apply(response, -1);
  }

  /**
   * Records the event time of a change; the latest one is the scores' updatedAt, so the final value does not
   * depend on the order in which input partitions happened to be processed.
   */
  public void changedAt(Instant eventTime) {
    if (lastChangeAt == null || eventTime.isAfter(lastChangeAt)) {
      lastChangeAt = eventTime;
    }
  }

  /** Greatest event time of any change applied; null before the first. */
  public Instant lastChangeAt() {
    return lastChangeAt;
  }

  /** Responses currently counted. */
  public int responses() {
    return responses;
  }

  /** True when no response is counted (the team disappears from the scores). */
  public boolean isEmpty() {
    return responses == 0;
  }

  private void apply(SurveyResponse response, int sign) {
    if (sign < 0 && responses == 0) {
      throw new IllegalStateException("Cannot subtract a response from an empty team aggregate");
    }
    RaterGroup group = response.getRaterGroup();
    String rater = response.getRaterId();
    Map<Cell, Totals> byCell = totalsByCell(response.getAnswers());
    responses += sign;
    if (!byCell.isEmpty()) {
      addCount(groupRaters, new RaterInGroup(rater, group), sign);
    }
    byCell.forEach((cell, totals) -> {
      GroupCell key = new GroupCell(group, cell);
      Totals merged = cells.getOrDefault(key, Totals.ZERO).plus(totals, sign);
      if (merged.n() == 0) {
        cells.remove(key);
      } else {
        cells.put(key, merged);
      }
      addCount(cellRaters, new RaterOnCell(rater, group, cell), sign);
    });
  }

  private static Map<Cell, Totals> totalsByCell(List<Answer> answers) {
    Map<Cell, Totals> byCell = new HashMap<>();
    for (Answer answer : answers) {
      Integer score = answer.getScore();
      if (score != null) {
        byCell.merge(new Cell(answer.getAxis(), answer.getPole()), Totals.of(score), (a, b) -> a.plus(b, 1));
      }
    }
    return byCell;
  }

  private static <K> void addCount(Map<K, Integer> counts, K key, int delta) {
    int updated = counts.getOrDefault(key, 0) + delta;
    if (updated < 0) {
      throw new IllegalStateException("Reference count below zero for " + key.getClass().getSimpleName()
          + ": a response was subtracted that was never added");
    }
    if (updated == 0) {
      counts.remove(key);
    } else {
      counts.put(key, updated);
    }
  }

  /** Sums of one group on one cell. */
  Totals totals(RaterGroup group, Cell cell) {
    return cells.getOrDefault(new GroupCell(group, cell), Totals.ZERO);
  }

  /** Distinct raters per group who gave at least one score. */
  Map<RaterGroup, Integer> ratersByGroup() {
    Map<RaterGroup, Integer> counts = new HashMap<>();
    groupRaters.keySet().forEach(r -> counts.merge(r.group(), 1, Integer::sum));
    return counts;
  }

  /** Distinct raters, over the given groups, who scored at least one item of the cell. */
  int distinctRaters(Cell cell, java.util.Set<RaterGroup> groups) {
    return (int) cellRaters.keySet().stream()
        .filter(r -> r.cell().equals(cell) && groups.contains(r.group()))
        .map(RaterOnCell::raterId)
        .distinct()
        .count();
  }

  /** The persisted form. */
  public TeamAggregateState toState() {
    List<GroupRaterCount> raters = new ArrayList<>(groupRaters.size());
    groupRaters.forEach((k, v) -> raters.add(new GroupRaterCount(k.raterId(), k.group(), v)));
    List<CellTotals> totals = new ArrayList<>(cells.size());
    cells.forEach((k, v) -> totals.add(
        new CellTotals(k.group(), k.cell().axis(), k.cell().pole(), v.n(), v.sum(), v.sumOfSquares())));
    List<CellRaterCount> onCells = new ArrayList<>(cellRaters.size());
    cellRaters.forEach((k, v) -> onCells.add(
        new CellRaterCount(k.raterId(), k.group(), k.cell().axis(), k.cell().pole(), v)));
    return new TeamAggregateState(responses, lastChangeAt, raters, totals, onCells);
  }

  /** Restores the working form from the persisted one. */
  public static TeamAggregate fromState(TeamAggregateState state) {
    TeamAggregate aggregate = new TeamAggregate();
    if (state == null) {
      return aggregate;
    }
    aggregate.responses = state.getResponses();
    aggregate.lastChangeAt = state.getLastChangeAt();
    state.getGroupRaters().forEach(r ->
        aggregate.groupRaters.put(new RaterInGroup(r.getRaterId(), r.getRaterGroup()), r.getResponses()));
    state.getCells().forEach(c -> aggregate.cells.put(
        new GroupCell(c.getRaterGroup(), new Cell(c.getAxis(), c.getPole())),
        new Totals(c.getN(), c.getSum(), c.getSumOfSquares())));
    state.getCellRaters().forEach(r -> aggregate.cellRaters.put(
        new RaterOnCell(r.getRaterId(), r.getRaterGroup(), new Cell(r.getAxis(), r.getPole())), r.getResponses()));
    return aggregate;
  }
}
