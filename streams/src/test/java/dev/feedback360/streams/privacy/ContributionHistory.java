package dev.feedback360.streams.privacy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.streams.privacy.ResponseModel.TeamContributions;
import dev.feedback360.streams.topology.KeyHistory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the model says each group contributed to each cell of each team after every input record of a sequence
 * ("moment" i = after record i). A group's contribution to a cell is a <em>composition</em>: which rater gave which
 * totals. Equal compositions share one id, so the checker can tell "the same raters with the same answers" from a
 * coincidence of totals. Id -1 is the empty composition (nothing, or the group not shown).
 */
final class ContributionHistory {

  static final int NONE = -1;
  static final int GROUPS = TeamContributions.GROUPS;

  /** One distinct composition of a group's part of a cell; firstMoment is when it first held. */
  record Composition(int id, Map<String, Contribution> byRater, Contribution total, int firstMoment) {

    int raters() {
      return byRater.size();
    }
  }

  private record DiffKey(int team, int cell, int group, int a, int b) {}

  private record CompositionKey(int team, int cell, int group, int id) {}

  /**
   * Per composition, each form's contribution ("rater/subject") when it first held; null where it held later with
   * the same raters' totals split otherwise between their forms.
   */
  private final Map<CompositionKey, Map<String, Contribution>> formsOf = new HashMap<>();

  private final Sequence sequence;
  private final List<List<List<List<Composition>>>> compositions = new ArrayList<>();
  private final List<List<List<Map<Map<String, Contribution>, Composition>>>> index = new ArrayList<>();
  /** held[team][moment][cell][group]: the composition id holding then. */
  private final int[][][][] held;
  /** groupRaters[team][moment][group]: live distinct raters of the group. */
  private final int[][][] groupRaters;
  private final boolean[][] hasResponses;
  private final Map<DiffKey, Set<String>> diffs = new HashMap<>();
  /** Per moment, the move (or withdrawal) the input record made, or null. */
  private final Move[] moves;

  /**
   * A move: {@code cells} where the response arrives with the scores that left; {@code departed} where it left a team
   * for another, or was withdrawn ({@code to} NONE): every scored cell, since a departure counts nowhere
   * (docs/privacy.md).
   */
  private record Move(String rater, int from, int to, int cells, int departed) {}

  /** Per moment, the correction within a team that left cells holding scores of one value, or null. */
  private final OneValueCorrection[] oneValueCorrections;

  /**
   * A correction within a team that left {@code cells} of the response in {@code group} holding scores of one value,
   * changed: where the rater's change since a record is then scores of one value too, it counts nowhere
   * (docs/privacy.md, "Scores of one value added or taken away count nowhere").
   */
  private record OneValueCorrection(String rater, int team, int group, int cells) {}

  /**
   * Whether sd is withheld (the app's {@code --withhold-sd}): a reader sees counts and sums only, and the rule counts
   * each response's cells with the least squares their counts and sums allow and reads one value by the sums.
   */
  private final boolean sumsOnly;

  private ContributionHistory(Sequence sequence, boolean sumsOnly) {
    this.sequence = sequence;
    this.sumsOnly = sumsOnly;
    int teams = sequence.teams().size();
    int moments = sequence.events().size();
    held = new int[teams][moments][Cells.COUNT][GROUPS];
    groupRaters = new int[teams][moments][GROUPS];
    hasResponses = new boolean[teams][moments];
    moves = new Move[moments];
    oneValueCorrections = new OneValueCorrection[moments];
    for (int team = 0; team < teams; team++) {
      List<List<List<Composition>>> perCell = new ArrayList<>();
      List<List<Map<Map<String, Contribution>, Composition>>> indexPerCell = new ArrayList<>();
      for (int cell = 0; cell < Cells.COUNT; cell++) {
        List<List<Composition>> perGroup = new ArrayList<>();
        List<Map<Map<String, Contribution>, Composition>> indexPerGroup = new ArrayList<>();
        for (int group = 0; group < GROUPS; group++) {
          perGroup.add(new ArrayList<>());
          indexPerGroup.add(new HashMap<>());
        }
        perCell.add(perGroup);
        indexPerCell.add(indexPerGroup);
      }
      compositions.add(perCell);
      index.add(indexPerCell);
    }
  }

  static ContributionHistory of(Sequence sequence) {
    return of(sequence, false);
  }

  /**
   * The history, with {@code sumsOnly} as an app that withholds sd counts it and a reader of counts and sums alone
   * sees it: every contribution's squares are its sum (so the checker's readings and comparisons of the squares read
   * the sum again, and contributions of the same count and sum are one), a change is scores of one value by its count
   * and sum alone, and the rule's decisions on a response's cells (reverts, answers moved between cells, one value)
   * read them with the least squares their counts and sums allow, as the app's key side does.
   */
  static ContributionHistory of(Sequence sequence, boolean sumsOnly) {
    ContributionHistory history = new ContributionHistory(sequence, sumsOnly);
    StrictRosterModel strict = sequence.strictRoster() ? new StrictRosterModel() : null;
    ResponseModel model = strict != null ? strict : new ResponseModel();
    // Strict roster: keys whose counted response went into held (re-sent in another team or group before the
    // nomination followed), until it enters again or is erased, and per key the cells a correction made while held
    // left holding scores of one value (docs/privacy.md, "Moves under --roster strict ..." and the fifty-fourth
    // review).
    Set<ResponseKey> leftIntoHeld = new HashSet<>();
    Map<ResponseKey, Integer> heldOneValueFixes = new HashMap<>();
    // Per key, the response that left a team when the key's response moved to another: a later response of the key
    // with the same scores on a cell, counted elsewhere, has only moved there (docs/privacy.md).
    Map<ResponseKey, SurveyResponse> movedFrom = new HashMap<>();
    // Per key, every (group, cell, contribution) its counted responses held before a later response replaced them,
    // since its last withdrawal: a correction in the same team back to one of them, or off a cell, is a revert.
    Map<ResponseKey, Set<CellVersion>> earlier = new HashMap<>();
    // Per key, every scored response a later one replaced, since its last withdrawal: a correction in the same team
    // that leaves the key as one of them through a signed sum of cells only moved answers between cells.
    Map<ResponseKey, List<SurveyResponse>> forms = new HashMap<>();
    // Per key, the different (group, cells) of the scored responses a later one with other scores replaced, since its
    // last withdrawal: the app keeps at most EARLIER_FORMS of them, and once it has them all the key's corrections
    // count nowhere on the cells they change.
    Map<ResponseKey, Set<List<Object>>> replacedForms = new HashMap<>();
    List<InputEvent> events = sequence.events();
    for (int moment = 0; moment < events.size(); moment++) {
      ResponseKey key = events.get(moment).key();
      SurveyResponse before = model.counted(key).orElse(null);
      // The key's latest response, counted or held (strict roster); under the open roster the counted one. The key's
      // memory of earlier forms follows it, since the key keeps the versions replaced while held (docs/privacy.md).
      SurveyResponse latestBefore = strict == null ? before : strict.latest(key).orElse(null);
      boolean nominationMoved = strict != null && events.get(moment) instanceof InputEvent.Nominate nominate
          && strict.nomination(key).filter(old -> !old.equals(
              new StrictRosterModel.Nomination(nominate.team(), nominate.group()))).isPresent();
      model.apply(events.get(moment));
      SurveyResponse after = model.counted(key).orElse(null);
      SurveyResponse latestAfter = strict == null ? after : strict.latest(key).orElse(null);
      if (latestAfter == null) {
        movedFrom.remove(key);
        earlier.remove(key);
        forms.remove(key);
        replacedForms.remove(key);
        leftIntoHeld.remove(key);
        heldOneValueFixes.remove(key);
      } else if (latestBefore != null && !latestBefore.getTeamId().equals(latestAfter.getTeamId())) {
        movedFrom.put(key, latestBefore);
      }
      if (strict != null && before != null && after == null && latestAfter != null) {
        // Into held: the response that left the scores is what a later arrival may put back (a move).
        movedFrom.put(key, before);
        leftIntoHeld.add(key);
      }
      if (latestAfter != null && latestBefore != null) {
        earlier.computeIfAbsent(key, k -> new HashSet<>()).addAll(history.versionsLeft(latestBefore, latestAfter));
        // A response without scores too: a record may have shown the rater with the cells it left blank.
        if (!latestBefore.equals(latestAfter)) {
          forms.computeIfAbsent(key, k -> new ArrayList<>()).add(latestBefore);
        }
        if (history.changedCells(latestBefore, latestAfter) != 0) {
          replacedForms.computeIfAbsent(key, k -> new HashSet<>())
              .add(List.of(latestBefore.getRaterGroup(), List.of(history.byCell(latestBefore))));
        }
        if (strict != null && before == null) {
          heldOneValueFixes.merge(key, history.oneValueCells(latestBefore, latestAfter), (a, b) -> a | b);
        }
      }
      Move move = history.moveOf(history, before, after, movedFrom.get(key), model.everWithdrawn(key));
      if (strict != null && before == null && after != null && latestBefore != null && !model.everWithdrawn(key)) {
        move = history.outOfHeld(history, move, after, leftIntoHeld.remove(key) || nominationMoved,
            heldOneValueFixes.getOrDefault(key, 0),
            forms.getOrDefault(key, List.of()));
      }
      boolean formsFull = replacedForms.getOrDefault(key, Set.of()).size() >= KeyHistory.EARLIER_FORMS;
      int reverted = history.revertedCells(before, after, earlier.getOrDefault(key, Set.of()),
          forms.getOrDefault(key, List.of()), movedFrom.get(key))
          | (formsFull ? history.sameTeamChangedCells(before, after)
              : history.mixedBackCells(before, after, forms.getOrDefault(key, List.of())));
      if (reverted != 0) {
        int team = history.team(after.getTeamId());
        move = move == null ? new Move(after.getRaterId(), team, team, reverted, 0)
            : new Move(move.rater(), move.from(), move.to(), move.cells() | reverted, move.departed());
      }
      history.moves[moment] = move;
      history.oneValueCorrections[moment] = history.oneValueCorrection(history, before, after);
      for (int team = 0; team < sequence.teams().size(); team++) {
        String teamId = sequence.teams().get(team);
        TeamContributions exact = model.team(sequence.cycle(), teamId);
        history.hasResponses[team][moment] = model.hasResponses(sequence.cycle(), teamId);
        for (int group = 0; group < GROUPS; group++) {
          history.groupRaters[team][moment][group] = exact.raters(group);
        }
        for (int cell = 0; cell < Cells.COUNT; cell++) {
          for (int group = 0; group < GROUPS; group++) {
            int id = history.intern(team, cell, group, history.seen(exact.cells[cell][group]), moment);
            history.held[team][moment][cell][group] = id;
            history.noteForms(new CompositionKey(team, cell, group, id), history.seen(exact.forms[cell][group]));
          }
        }
      }
    }
    return history;
  }

  /**
   * The move an input record made, if any: the response before and after it in different groups or teams, with the
   * same scores on some cells; or a response left in another team or group than the one that left a team by a move
   * ({@code origin}) with that one's scores on some cells, however it got there (an edit with the move, reverted);
   * or a response counted after the key was withdrawn (it may be the withdrawn one sent again): on every scored
   * cell, it only arrived.
   */
  private Move moveOf(ContributionHistory history, SurveyResponse before, SurveyResponse after,
      SurveyResponse origin, boolean everWithdrawn) {
    if (after == null) {
      // A withdrawal counts nowhere, like a departure: on every scored cell of what it erased.
      return before == null ? null
          : new Move(before.getRaterId(), history.team(before.getTeamId()), NONE, 0, sameCells(before, before));
    }
    if (before == null && everWithdrawn) {
      int team = history.team(after.getTeamId());
      return new Move(after.getRaterId(), team, team, sameCells(after, after), 0);
    }
    if (before != null && everWithdrawn && before.getTeamId().equals(after.getTeamId())) {
      // A key withdrawn once: its later corrections count nowhere either (what it had before went with the erasure).
      int team = history.team(after.getTeamId());
      return new Move(after.getRaterId(), team, team, sameCells(before, before) | sameCells(after, after), 0);
    }
    int cells = 0;
    int departed = 0;
    int from = -1;
    if (before != null && (!before.getTeamId().equals(after.getTeamId())
        || before.getRaterGroup() != after.getRaterGroup())) {
      cells |= sameCells(before, after);
      from = history.team(before.getTeamId());
      if (!before.getTeamId().equals(after.getTeamId())) {
        // Between teams neither the departure nor the arrival counts, on any scored cell.
        departed = sameCells(before, before);
        cells |= sameCells(after, after);
      }
    }
    if (origin != null && (!origin.getTeamId().equals(after.getTeamId())
        || origin.getRaterGroup() != after.getRaterGroup())) {
      cells |= sameCells(origin, after);
      from = from < 0 ? history.team(origin.getTeamId()) : from;
    }
    return from < 0 ? null : new Move(after.getRaterId(), from, history.team(after.getTeamId()), cells, departed);
  }

  /**
   * A held response entering the scores (strict roster). One that counted before it went into held only moved:
   * "a move between teams (or into and out of held, strict roster) counts towards N in no team, edited or not, at
   * departure and at arrival" (docs/privacy.md), so every scored cell is a move; so is one that enters because HR
   * moved its nomination to the response's team or group (hr-guide: "then move the nomination: the response is held
   * in between and counts as moved"), whether or not it had counted under the old nomination (the docs do not say;
   * the key cannot tell either, read here the stricter way). One held from before its first nomination counts
   * as a first form, but "a cell that a correction made while it was held left holding scores of one value counts
   * nowhere when the response enters the scores", nor does a cell rebuilt while held one value at a time (a cell
   * that differs from a version replaced while held by scores of one value).
   */
  private Move outOfHeld(ContributionHistory history, Move move, SurveyResponse after, boolean wasCounted,
      int oneValueFixes, List<SurveyResponse> heldForms) {
    Contribution[] to = byCell(after);
    int cells = 0;
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      if (to[cell].isEmpty()) {
        continue;
      }
      if (wasCounted || (oneValueFixes & 1 << cell) != 0 && to[cell].oneScoreValue(sumsOnly)
          || oneScoreValueFromAForm(heldForms, after.getRaterGroup(), cell, to[cell])) {
        cells |= 1 << cell;
      }
    }
    if (cells == 0) {
      return move;
    }
    int team = history.team(after.getTeamId());
    return move == null ? new Move(after.getRaterId(), team, team, cells, 0)
        : new Move(move.rater(), move.from(), move.to(), move.cells() | cells, move.departed());
  }

  /** The cells {@code after} changed from {@code before} (or holds in another group) that it holds as one value. */
  private int oneValueCells(SurveyResponse before, SurveyResponse after) {
    Contribution[] from = byCell(before);
    Contribution[] to = byCell(after);
    int cells = 0;
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      boolean unchanged = before.getRaterGroup() == after.getRaterGroup() && from[cell].equals(to[cell]);
      if (!unchanged && to[cell].oneScoreValue(sumsOnly)) {
        cells |= 1 << cell;
      }
    }
    return cells;
  }

  /** One cell of a counted response, in its group. */
  private record CellVersion(int group, int cell, Contribution contribution) {}

  /** The cells of {@code before} that {@code after} does not hold as they are (same group, same totals). */
  private Set<CellVersion> versionsLeft(SurveyResponse before, SurveyResponse after) {
    Contribution[] from = byCell(before);
    Contribution[] to = byCell(after);
    Set<CellVersion> left = new HashSet<>();
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      if (!from[cell].isEmpty() && (before.getRaterGroup() != after.getRaterGroup() || !from[cell].equals(to[cell]))) {
        left.add(new CellVersion(before.getRaterGroup().ordinal(), cell, from[cell]));
      }
    }
    return left;
  }

  /**
   * The cells on which a correction within a team is a revert (docs/privacy.md, "Reverts"): the response's scores
   * leave the cell, or the cell changes back to what an earlier response of the key held there in the same group; and
   * so does a cell that is, in the same group, scores of one value added to or taken off what a replaced response
   * held there (a cell it left blank included), and, relabelled, a cell where a replaced response in the old group
   * held scores of one value, or, in a group or a team the key came into from another ({@code movedFrom}: the
   * response that last left another team), a cell the response holds as scores of one value.
   */
  private int revertedCells(SurveyResponse before, SurveyResponse after, Set<CellVersion> earlier,
      List<SurveyResponse> forms, SurveyResponse movedFrom) {
    if (before == null || after == null || !before.getTeamId().equals(after.getTeamId())) {
      return 0;
    }
    Contribution[] from = byCell(before);
    Contribution[] to = byCell(after);
    int cells = 0;
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      boolean unchanged = before.getRaterGroup() == after.getRaterGroup() && from[cell].equals(to[cell]);
      if (to[cell].isEmpty() ? !from[cell].isEmpty()
          : !unchanged && (readsAsEarlier(earlier, after.getRaterGroup().ordinal(), cell, to[cell])
              || oneScoreValueFromAForm(forms, after.getRaterGroup(), cell, to[cell]))) {
        cells |= 1 << cell;
      }
      // Relabelled: what the key had in its old group leaves that group's part; a group it came into had nothing of it.
      boolean cameFromAnotherGroup = before.getRaterGroup() != after.getRaterGroup()
          || forms.stream().anyMatch(form -> form.getRaterGroup() != after.getRaterGroup())
          || movedFrom != null && !movedFrom.getTeamId().equals(after.getTeamId());
      if (before.getRaterGroup() != after.getRaterGroup()
          && oneScoreValueFromAForm(forms, before.getRaterGroup(), cell, Contribution.NONE)
          || cameFromAnotherGroup && to[cell].oneScoreValue(sumsOnly)) {
        cells |= 1 << cell;
      }
    }
    return cells;
  }

  /**
   * Whether the cell differs from what one of the key's replaced responses in the same group held there (nothing,
   * where it left the cell blank), by scores of one value added or taken away (docs/privacy.md, "Scores of one value
   * added or taken away count nowhere").
   */
  private boolean oneScoreValueFromAForm(List<SurveyResponse> forms, RaterGroup group, int cell,
      Contribution now) {
    for (SurveyResponse form : forms) {
      Contribution then = byCell(form)[cell];
      if (form.getRaterGroup() == group && now.minus(then).oneScoreValue(sumsOnly)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The cells a correction within a team changed on which the rater, as records may show them, can read as before
   * (docs/privacy.md, "Answers moved between cells count nowhere"). A record shows each cell as it was at that cell's
   * last publication, so any version of one cell may stand beside any version of another. The versions of a cell are
   * what the responses the key replaced since its last withdrawal ({@code forms}) held there, and for a changed cell
   * the new value too; a changed cell counts nowhere when its new value less one of its versions, plus for each other
   * cell the difference of two of its versions or nothing, has no change in the sum or none in the squares, with or
   * without the count. Responses of SELF and of the pooled groups are not compared with each other.
   */
  private int mixedBackCells(SurveyResponse before, SurveyResponse after, List<SurveyResponse> forms) {
    if (before == null || after == null || !before.getTeamId().equals(after.getTeamId()) || !hasScores(after)) {
      return 0;
    }
    boolean self = after.getRaterGroup() == RaterGroup.SELF;
    List<Set<Contribution>> versions = new ArrayList<>();
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      versions.add(new HashSet<>());
    }
    boolean any = false;
    long[] latestCounts = new long[Cells.COUNT];
    for (SurveyResponse form : forms) {
      if ((form.getRaterGroup() == RaterGroup.SELF) == self) {
        any = true;
        Contribution[] then = byCell(form);
        for (int cell = 0; cell < Cells.COUNT; cell++) {
          versions.get(cell).add(then[cell]);
          latestCounts[cell] = then[cell].n() > 0 ? then[cell].n() : latestCounts[cell];
        }
      }
    }
    if (!any) {
      return 0;
    }
    Contribution[] to = byCell(after);
    int changedCells = changedCells(before, after);
    boolean[] changed = new boolean[Cells.COUNT];
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      changed[cell] = (changedCells & 1 << cell) != 0;
    }
    long[] means = meanWeights(latestCounts, to);
    int cells = 0;
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      if (changed[cell] && (canReadAsBefore(versions, to, changed, cell, true, true, null)
          || canReadAsBefore(versions, to, changed, cell, false, true, null)
          || canReadAsBefore(versions, to, changed, cell, true, false, null)
          || canReadAsBefore(versions, to, changed, cell, false, false, null)
          || means != null && canReadAsBefore(versions, to, changed, cell, true, true, means))) {
        cells |= 1 << cell;
      }
    }
    return cells;
  }

  /**
   * A key's cells read as means, as balance and selfBalance show them to a reader who knows the counts of a form's
   * shape:
   * per cell a weight proportional to one over its count (the new response's, else the latest earlier form's that
   * scored it: {@code latestCounts}), so that weighted sums compare as means; null where every scored cell has the
   * same count.
   */
  private static long[] meanWeights(long[] latestCounts, Contribution[] to) {
    long[] counts = new long[Cells.COUNT];
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      counts[cell] = to[cell].n() > 0 ? to[cell].n() : latestCounts[cell];
    }
    long product = 1;
    long seen = 0;
    boolean differ = false;
    for (long n : counts) {
      if (n > 0) {
        differ |= seen != 0 && seen != n;
        seen = n;
        product *= n;
      }
    }
    if (!differ) {
      return null;
    }
    long[] weights = new long[Cells.COUNT];
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      weights[cell] = counts[cell] == 0 ? product : product / counts[cell];
    }
    return weights;
  }

  /**
   * Whether the cell's new value less one of its versions, with for each other cell the difference of two of its
   * versions (a changed one's new value among them) or nothing, sums to no change in the sum ({@code bySum}) or the
   * squares, and ({@code withCount}) in the count; with {@code means}, each cell's sum weighted by its entry there.
   */
  private static boolean canReadAsBefore(List<Set<Contribution>> versions, Contribution[] to, boolean[] changed,
      int cell, boolean bySum, boolean withCount, long[] means) {
    Set<List<Long>> reachable = new HashSet<>();
    reachable.add(List.of(0L, 0L));
    for (int other = 0; other < Cells.COUNT; other++) {
      if (other == cell) {
        continue;
      }
      Set<Contribution> values = new HashSet<>(versions.get(other));
      if (changed[other]) {
        values.add(to[other]);
      }
      Set<List<Long>> grown = new HashSet<>(reachable);
      for (Contribution x : values) {
        for (Contribution y : values) {
          Contribution d = x.minus(y);
          for (List<Long> r : reachable) {
            grown.add(List.of(r.get(0) + (withCount ? d.n() : 0),
                r.get(1) + (bySum ? d.sum() * (means == null ? 1 : means[other]) : d.sumOfSquares())));
          }
        }
      }
      reachable = grown;
    }
    for (Contribution version : versions.get(cell)) {
      Contribution d = version.minus(to[cell]);
      if (reachable.contains(List.of(withCount ? (long) d.n() : 0L,
          bySum ? d.sum() * (means == null ? 1 : means[cell]) : d.sumOfSquares()))) {
        return true;
      }
    }
    return false;
  }

  /** The cells scored by either response that the other does not hold as they are (same group, same totals). */
  private int changedCells(SurveyResponse before, SurveyResponse after) {
    Contribution[] from = byCell(before);
    Contribution[] to = byCell(after);
    int cells = 0;
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      if (!(from[cell].isEmpty() && to[cell].isEmpty())
          && (before.getRaterGroup() != after.getRaterGroup() || !from[cell].equals(to[cell]))) {
        cells |= 1 << cell;
      }
    }
    return cells;
  }

  /** {@link #changedCells} of a correction within a team; none for anything else. */
  private int sameTeamChangedCells(SurveyResponse before, SurveyResponse after) {
    return before == null || after == null || !before.getTeamId().equals(after.getTeamId()) ? 0
        : changedCells(before, after);
  }

  private boolean hasScores(SurveyResponse response) {
    for (Contribution cell : byCell(response)) {
      if (!cell.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an earlier cell of the key, in the group, reads as {@code now} does: the same count and sum, or the same
   * count and sum of squares.
   */
  private boolean readsAsEarlier(Set<CellVersion> earlier, int group, int cell, Contribution now) {
    for (CellVersion version : earlier) {
      Contribution then = version.contribution();
      if (version.group() == group && version.cell() == cell && then.n() == now.n()
          && (then.sum() == now.sum() || then.sumOfSquares() == now.sumOfSquares())) {
        return true;
      }
    }
    return false;
  }

  private int sameCells(SurveyResponse before, SurveyResponse after) {
    Contribution[] from = byCell(before);
    Contribution[] to = byCell(after);
    int cells = 0;
    for (int cell = 0; cell < Cells.COUNT; cell++) {
      if (!from[cell].isEmpty() && from[cell].equals(to[cell])) {
        cells |= 1 << cell;
      }
    }
    return cells;
  }

  private Contribution[] byCell(SurveyResponse response) {
    Contribution[] cells = new Contribution[Cells.COUNT];
    Arrays.fill(cells, Contribution.NONE);
    for (Answer answer : response.getAnswers()) {
      if (answer.getScore() != null) {
        cells[Cells.of(answer)] = cells[Cells.of(answer)].plusScore(answer.getScore());
      }
    }
    if (sumsOnly) {
      for (int cell = 0; cell < Cells.COUNT; cell++) {
        cells[cell] = cells[cell].leastSquares();
      }
    }
    return cells;
  }

  /** The cells a correction within a team leaves holding scores of one value where it changed them, if any. */
  private OneValueCorrection oneValueCorrection(ContributionHistory history, SurveyResponse before,
      SurveyResponse after) {
    if (before == null || after == null || !before.getTeamId().equals(after.getTeamId())) {
      return null;
    }
    int cells = oneValueCells(before, after);
    return cells == 0 ? null : new OneValueCorrection(after.getRaterId(), history.team(after.getTeamId()),
        after.getRaterGroup().ordinal(), cells);
  }

  /**
   * Whether, since the rater last came to score the cell in the team (up to {@code to}), an input record was a
   * correction of the rater's there that left the cell holding scores of one value.
   */
  boolean correctedToOneValueSinceArrival(int team, String rater, int cell, int to) {
    for (int moment = to; moment >= 0 && scoresCell(team, moment, cell, rater); moment--) {
      OneValueCorrection correction = oneValueCorrections[moment];
      if (correction != null && correction.rater().equals(rater) && correction.team() == team
          && (correction.cells() & (1 << cell)) != 0) {
        return true;
      }
    }
    return false;
  }

  private boolean scoresCell(int team, int moment, int cell, String rater) {
    for (int group = 0; group < GROUPS; group++) {
      if (!contributionAt(team, moment, cell, group, rater).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the input record at the moment was such a correction of the rater's on the cell of the group's part. */
  private boolean oneValueCorrectionAt(int moment, int team, int cell, int group, String rater) {
    OneValueCorrection correction = oneValueCorrections[moment];
    return correction != null && correction.rater().equals(rater) && correction.team() == team
        && correction.group() == group && (correction.cells() & (1 << cell)) != 0;
  }

  /**
   * Whether the input record at the moment only moved the rater's response on the cell, between groups of the team
   * or to another team (where it arrives with the scores that left), or took it out of the team for another (any
   * scored cell of a departure).
   */
  boolean movedOnly(int moment, int team, int cell, String rater) {
    Move move = moves[moment];
    if (move == null || !move.rater().equals(rater)) {
      return false;
    }
    int cells = move.from() != move.to() && move.from() == team ? move.departed()
        : move.from() == team || move.to() == team ? move.cells() : 0;
    return (cells & (1 << cell)) != 0;
  }

  /**
   * Whether the rater's response left the team for another at the moment, on the cell: then the rater's changes still
   * pending there, in every group, are the move (docs/privacy.md).
   */
  private boolean departedAt(int moment, int team, int cell, String rater) {
    Move move = moves[moment];
    return move != null && move.from() == team && move.from() != move.to() && move.rater().equals(rater)
        && (move.departed() & (1 << cell)) != 0;
  }

  /**
   * Whether the rater's contribution to the group's part of the cell at the moment differs by more than moves from
   * {@code since} (what a record showed). Walking back to when it last equalled that: without a move there since (a
   * change that only moved the response there, or its departure or withdrawal from the team), any difference counts;
   * with one, the contribution must have changed again since the latest move, and the changes that were no moves
   * must not add up to nothing (an edit and its undoing, of this response or of another form of the rater in the
   * team, before or after the move, is no change: seventh and ninth reviews). A correction that left the cell holding
   * scores of one value, where the rater's change since the record was then scores of one value too, is read as a
   * move (fiftieth review).
   */
  boolean moreThanAMove(int team, int moment, int cell, int group, String rater, Contribution since) {
    Contribution now = contributionAt(team, moment, cell, group, rater);
    Contribution edits = Contribution.NONE;
    Contribution afterLatestMove = null;
    for (int at = moment; at >= 0; at--) {
      Contribution then = contributionAt(team, at, cell, group, rater);
      if (then.equals(since)) {
        break;
      }
      Contribution before = at == 0 ? Contribution.NONE : contributionAt(team, at - 1, cell, group, rater);
      boolean changed = !then.equals(before);
      // A correction leaving scores of one value where the rater's whole change since the record is then scores of
      // one value too is read as a move.
      boolean move = changed && (movedOnly(at, team, cell, rater)
          || then.minus(since).oneScoreValue(sumsOnly) && oneValueCorrectionAt(at, team, cell, group, rater));
      if (changed && !move) {
        edits = edits.plus(then.minus(before));
      }
      if (afterLatestMove == null && (move || departedAt(at, team, cell, rater))) {
        afterLatestMove = then;
      }
    }
    if (afterLatestMove == null) {
      return !now.equals(since);
    }
    return !now.equals(afterLatestMove) && !edits.equals(Contribution.NONE);
  }

  /** Each rater's (or form's) contribution as the checker reads it: whole, or with sd withheld its count and sum. */
  private Map<String, Contribution> seen(Map<String, Contribution> byRater) {
    if (!sumsOnly) {
      return byRater;
    }
    Map<String, Contribution> seen = new TreeMap<>();
    byRater.forEach((rater, contribution) -> seen.put(rater, contribution.sumsOnly()));
    return seen;
  }

  boolean sumsOnly() {
    return sumsOnly;
  }

  private int intern(int team, int cell, int group, Map<String, Contribution> byRater, int moment) {
    if (byRater.isEmpty()) {
      return NONE;
    }
    Map<Map<String, Contribution>, Composition> known = index.get(team).get(cell).get(group);
    Composition existing = known.get(byRater);
    if (existing != null) {
      return existing.id();
    }
    List<Composition> list = compositions.get(team).get(cell).get(group);
    Map<String, Contribution> copy = new TreeMap<>(byRater);
    Contribution total = copy.values().stream().reduce(Contribution.NONE, Contribution::plus);
    Composition created = new Composition(list.size(), copy, total, moment);
    list.add(created);
    known.put(copy, created);
    return created.id();
  }

  private void noteForms(CompositionKey key, Map<String, Contribution> forms) {
    if (key.id() == NONE) {
      return;
    }
    if (!formsOf.containsKey(key)) {
      formsOf.put(key, new TreeMap<>(forms));
    } else if (formsOf.get(key) != null && !formsOf.get(key).equals(forms)) {
      formsOf.put(key, null);
    }
  }

  /**
   * Each form's ("rater/subject") contribution in the group's composition {@code id} of the cell; empty for NONE, null
   * where the composition held with its raters' totals split otherwise between their forms at another moment.
   */
  Map<String, Contribution> forms(int team, int cell, int group, int id) {
    return id == NONE ? Map.of() : formsOf.get(new CompositionKey(team, cell, group, id));
  }

  Sequence sequence() {
    return sequence;
  }

  int team(String teamId) {
    return sequence.teams().indexOf(teamId);
  }

  int moments() {
    return sequence.events().size();
  }

  /** The compositions of a group's part of a cell that had held by the moment. */
  List<Composition> compositionsUpTo(int team, int cell, int group, int moment) {
    List<Composition> result = new ArrayList<>();
    for (Composition composition : compositions.get(team).get(cell).get(group)) {
      if (composition.firstMoment() <= moment) {
        result.add(composition);
      }
    }
    return result;
  }

  Composition composition(int team, int cell, int group, int id) {
    return id == NONE ? null : compositions.get(team).get(cell).get(group).get(id);
  }

  Contribution total(int team, int cell, int group, int id) {
    return id == NONE ? Contribution.NONE : composition(team, cell, group, id).total();
  }

  int raters(int team, int cell, int group, int id) {
    return id == NONE ? 0 : composition(team, cell, group, id).raters();
  }

  int heldAt(int team, int moment, int cell, int group) {
    return held[team][moment][cell][group];
  }

  int groupRaters(int team, int moment, int group) {
    return groupRaters[team][moment][group];
  }

  boolean hasResponses(int team, int moment) {
    return hasResponses[team][moment];
  }

  /** The last moment at or before {@code upTo} when the composition held, or -1. */
  int lastMomentHeld(int team, int cell, int group, int id, int upTo) {
    for (int moment = upTo; moment >= 0; moment--) {
      if (held[team][moment][cell][group] == id) {
        return moment;
      }
    }
    return -1;
  }

  Contribution contributionAt(int team, int moment, int cell, int group, String rater) {
    int id = held[team][moment][cell][group];
    return id == NONE ? Contribution.NONE
        : composition(team, cell, group, id).byRater().getOrDefault(rater, Contribution.NONE);
  }

  /** The raters whose contribution to the cell differs between two compositions of the group's part. */
  Set<String> diff(int team, int cell, int group, int a, int b) {
    if (a == b) {
      return Set.of();
    }
    return diffs.computeIfAbsent(new DiffKey(team, cell, group, Math.min(a, b), Math.max(a, b)), key -> {
      Map<String, Contribution> left = a == NONE ? Map.of() : composition(team, cell, group, a).byRater();
      Map<String, Contribution> right = b == NONE ? Map.of() : composition(team, cell, group, b).byRater();
      Set<String> differing = new TreeSet<>();
      for (Map.Entry<String, Contribution> entry : left.entrySet()) {
        if (!entry.getValue().equals(right.get(entry.getKey()))) {
          differing.add(entry.getKey());
        }
      }
      for (String rater : right.keySet()) {
        if (!left.containsKey(rater)) {
          differing.add(rater);
        }
      }
      return differing;
    });
  }
}
