package dev.feedback360.streams.scoring;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.avro.internal.RosterChange;
import dev.feedback360.avro.internal.RosterStatus;
import dev.feedback360.avro.internal.TeamAggregateState;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * The exact running totals of one team in one cycle: integer sums per (group, axis, pole), and how many distinct
 * raters stand behind each group and cell. Responses are added and subtracted; nothing is ever recomputed from a
 * sample and no mean is stored. Every score is derived from this by {@link ScoreCalculator}.
 *
 * <p>The team's own state is fixed in size whatever the team's size: totals per (group, cell) and distinct raters
 * per group. The per-rater reference counts that keep those counters exact live in {@link RaterTallies}, one small
 * entry per rater, read and written only for the rater of the response being applied.
 *
 * <p>Next to the exact totals it keeps what is published of them (docs/privacy.md): per part (group x cell) the
 * totals as last published; per cell the number of raters whose published contribution is in each exact set of
 * groups' parts (so the distinct raters behind a cell's published parts over any set of groups is a sum over at
 * most 31 counters, exactly, even for a rater in several groups); and the raters whose contribution to a part
 * differs from the published one ({@link PendingChanges}). A part is published once N of its raters differ,
 * unless its net change is what fewer than N of them changed (the others cancel), which waits for the next change:
 * which parts of a change publish is decided by the rule's checks ({@link PublicationChecks}). So the state grows
 * with neither the team nor the corrections beyond N - 1 raters per part, but for such a held batch.
 */
public final class TeamAggregate {

  /** A cell of the instrument: one pole of one axis. */
  public record Cell(Axis axis, Pole pole) {

    int index() {
      return axis.ordinal() * POLES + pole.ordinal();
    }
  }

  static final int GROUPS = RaterGroup.values().length;
  static final int POLES = Pole.values().length;
  static final int CELLS = Axis.values().length * POLES;
  static final int SETS = 1 << GROUPS;
  /** Per group: responses with a score, then one count per cell. */
  static final int TALLY_STRIDE = 1 + CELLS;
  /** Length of the scores part of a rater's tally array. */
  public static final int TALLY_LENGTH = GROUPS * TALLY_STRIDE;
  /** Length of the roster part of a rater's tally, after the scores part: per group nominations, then answered. */
  public static final int ROSTER_TALLY_LENGTH = GROUPS * 2;
  /** Length of a rater's whole tally array: the scores part, then the roster part. */
  public static final int RATER_TALLY_LENGTH = TALLY_LENGTH + ROSTER_TALLY_LENGTH;
  /** Index of the unnominated count in the team's roster counters (after invited and responded per group). */
  static final int UNNOMINATED = GROUPS * 2;
  /** Length of a response contribution's cells: n, sum and sum of squares per cell. */
  public static final int CONTRIBUTION_LENGTH = CELLS * 3;
  /** Parts: one rater group's share of one cell, index {@code group * CELLS + cell}. */
  static final int PARTS = GROUPS * CELLS;
  /** Each cell by its index ({@link Cell#index}). */
  static final Cell[] CELL_OF = new Cell[CELLS];
  /** Per cell: its parts in the groups pooled together (all but SELF). */
  static final long[] POOLED_PARTS = new long[CELLS];
  /** The parts of cell 0 in every group (bits); shifted left by a cell, that cell's. */
  static final long CELL_PARTS = cellParts();
  /** The SELF group's parts (bits). */
  static final long SELF_PARTS = ((1L << CELLS) - 1) << (RaterGroup.SELF.ordinal() * CELLS);

  private static long cellParts() {
    long parts = 0;
    for (int group = 0; group < GROUPS; group++) {
      parts |= 1L << (group * CELLS);
    }
    return parts;
  }

  static {
    for (Axis axis : Axis.values()) {
      for (Pole pole : Pole.values()) {
        Cell cell = new Cell(axis, pole);
        CELL_OF[cell.index()] = cell;
      }
    }
    for (int cell = 0; cell < CELLS; cell++) {
      for (int group = 0; group < GROUPS; group++) {
        if (group != RaterGroup.SELF.ordinal()) {
          POOLED_PARTS[cell] |= 1L << (group * CELLS + cell);
        }
      }
    }
  }

  private final RaterTallies tallies;
  private final ScoringConfig config;
  private int responses;
  private final int[] groupRaters = new int[GROUPS];
  /** Per (group, cell): n, sum, sum of squares. */
  private final long[] cellTotals = new long[GROUPS * CELLS * 3];
  /** Per part: n, sum, sum of squares as last published (the publication rule, docs/privacy.md). */
  private final long[] publishedTotals = new long[PARTS * 3];
  /** Per (cell, exact set of groups): raters whose published contribution to the cell is in exactly those parts. */
  private final int[] publishedRaterSets = new int[CELLS * SETS];
  private final PendingChanges pending;
  /** The publication rule's checks over these totals, and what the rule keeps between changes. */
  private final PublicationChecks checks;
  private Instant publishedAt;
  private Instant firstChangeAt;
  /** Per part: the greatest event time (epoch millis) of any change applied to it; 0 before the first. */
  private final long[] partChangedAt = new long[PARTS];
  /**
   * Whether a change reached these totals while sd was withheld ({@link ScoringConfig#withholdsSd}): its responses
   * were counted with the least squares their counts and sums allow ({@link #contributionCells(SurveyResponse,
   * boolean)}), so the totals' squares are not the answers'. The team then withholds sd and reads the sums in the
   * squares' place whatever the rule says, until a reset rebuilds it from the responses (docs/privacy.md).
   */
  private boolean squaresFromSums;
  /** Participation: per group distinct raters invited (g * 2) and responded (g * 2 + 1), then unnominated keys. */
  private final int[] roster = new int[GROUPS * 2 + 1];
  /** Greatest event time of a change that moved a participation figure; null before the first. */
  private Instant participationAt;
  /** Whether the last change moved a participation figure (roster counters or a group's counted raters). */
  private boolean participationChanged;
  /**
   * The one rater a change touches, and their tally, read once per change and written once if the change moved it
   * (a correction that scores the same cells leaves it as it was: nothing is written).
   */
  private String changedRater;
  /**
   * The change's net effect per part (n, sum, sum of squares over both sides), its rater and the rater's presence
   * on every part before and after it: recorded as one pending change per part once both sides are applied. The
   * array is the thread's ({@link Scratch#sideNet}), cleared at the start of each change: a team's state in memory
   * (the fast replay holds every team's) keeps no scratch of its own.
   */
  private long[] sideNet;
  private String sideRater;
  private long sidePresentBefore;
  private long sidePresentAfter;
  /**
   * The changed rater's tally, read into the thread's array ({@link Scratch#changedTally}) and copied by its
   * {@link RaterTallies} when put: a team keeps no tally of its own between changes.
   */
  private int[] changedTally;
  /** The changed rater's tally as read (all zeros for a rater without one), to tell whether it moved: the thread's. */
  private int[] tallyAsRead;

  /** An empty aggregate keeping its rater tallies in memory that publishes every change (N = 1): exact scores. */
  public TeamAggregate() {
    this(new ScoringConfig(1, 1));
  }

  /** An empty aggregate keeping its rater tallies in memory, publishing by the rule of {@code config}. */
  public TeamAggregate(ScoringConfig config) {
    this(RaterTallies.inMemory(), config, new PendingChanges());
  }

  /** An empty aggregate keeping its rater tallies in {@code tallies}, publishing by the rule of {@code config}. */
  public static TeamAggregate withTallies(RaterTallies tallies, ScoringConfig config) {
    return new TeamAggregate(tallies, config, new PendingChanges());
  }

  private TeamAggregate(RaterTallies tallies, ScoringConfig config, PendingChanges pending) {
    this.tallies = tallies;
    this.config = config;
    this.pending = pending;
    pending.readSquares(!config.withholdsSd());
    checks = new PublicationChecks(this, config, cellTotals, publishedTotals, groupRaters, pending);
  }

  /** Counts a response in. */
  public void add(SurveyResponse response) {
    add(contribution(response, !config.withholdsSd()));
  }

  /**
   * Takes a previously added response back out.
   *
   * @throws IllegalStateException if the response was not counted here (the aggregate would no longer be exact)
   */
  public void subtract(SurveyResponse response) {
    subtract(contribution(response, !config.withholdsSd()));
  }

  /** Counts in a response given by its {@link #contribution}. */
  public void add(ResponseContribution contribution) {
    change(null, contribution);
  }

  /**
   * Takes back out a previously added response given by its {@link #contribution}.
   *
   * @throws IllegalStateException if the response was not counted here (the aggregate would no longer be exact)
   */
  public void subtract(ResponseContribution contribution) {
    change(contribution, null);
  }

  /**
   * Replaces one counted response by another (either may be null), then publishes every part the change brought to
   * N pending raters. Both sides are applied first, so what is published is always a state the team was really in.
   *
   * @throws IllegalStateException if {@code before} was not counted here (the aggregate would no longer be exact)
   */
  public void change(ResponseContribution before, ResponseContribution after) {
    change(before, after, null);
  }

  /**
   * {@link #change(ResponseContribution, ResponseContribution)} at an event time (submission or withdrawal): the
   * scores' updatedAt is the greatest event time of the changes what is published reflects, whatever the order in
   * which partitions delivered them.
   *
   * @param eventTime when the change happened; null when unknown (models that keep no times)
   */
  public void change(ResponseContribution before, ResponseContribution after, Instant eventTime) {
    change(before, after, null, eventTime);
  }

  /**
   * {@link #change(ResponseContribution, ResponseContribution, Instant)} together with a change of one key's
   * participation status in this team ({@code roster}, null when it did not change). The change's rater tally is read
   * and written once, whatever the change touches.
   *
   * @throws IllegalStateException if a side to take out was never counted here
   */
  public void change(ResponseContribution before, ResponseContribution after, RosterChange roster,
      Instant eventTime) {
    change(before, after, roster, 0, eventTime);
  }

  /**
   * {@link #change(ResponseContribution, ResponseContribution, RosterChange, Instant)} of one side of a response
   * moving between teams, or of one step of a move through a held response (strict roster).
   *
   * @param keyMoves the cells (bits) on which the key's rule found the change to be a move (RosterRule#changes):
   *     every scored cell of a departure to another team or into held and of the arrival after it, and the cells on
   *     which a later change puts back the scores that left ({@link #sameCells}); there the change counts towards N
   *     in no team or group, and a departure's cells also stop the rater's other pending changes there counting
   */
  public void change(ResponseContribution before, ResponseContribution after, RosterChange roster,
      int keyMoves, Instant eventTime) {
    // The pending changes already read the sums wherever the rule withholds sd (set where they are made or unpacked).
    squaresFromSums |= config.withholdsSd();
    long touched = 0;
    int poolBefore = pool();
    Scratch scratch = scratch();
    int[] participationBefore = participationFigures(scratch.participationBefore);
    sideNet = scratch.sideNet;
    Arrays.fill(sideNet, 0L); // a change that threw on this thread may have left some of its parts
    sideRater = null;
    int moved = movedCells(before, after) | keyMoves;
    int oneValue = oneValueCorrectionCells(before, after, !withholdsSd());
    try {
      if (before != null) {
        touched |= apply(before, -1);
      }
      if (after != null) {
        touched |= apply(after, 1);
      }
      if (roster != null) {
        applyRoster(roster);
      }
    } finally {
      putChangedTally();
      recordPending(touched, moved, oneValue, after == null ? -1 : after.getRaterGroup().ordinal());
      if (before != null && after == null && keyMoves != 0) {
        // A departure to another team (or into held): the rater's changes still pending on those cells in other
        // groups (a relabel with an edit just before the move) would make the rater count here for a response
        // that left; they count nowhere either (sixth review). Never counting more than before.
        pending.markMoved(before.getRaterId(), keyMoves);
      }
    }
    participationChanged = !participationIs(participationBefore);
    if (participationChanged && eventTime != null) {
      participationAt = later(participationAt, eventTime);
    }
    long millis = eventTime == null ? 0 : eventTime.toEpochMilli();
    for (long parts = touched; parts != 0; parts &= parts - 1) {
      int part = Long.numberOfTrailingZeros(parts);
      partChangedAt[part] = Math.max(partChangedAt[part], millis);
    }
    Instant reflected = null;
    long checked = checks.publishing(touched);
    for (long parts = checked; parts != 0; parts &= parts - 1) {
      int part = Long.numberOfTrailingZeros(parts);
      publish(part);
      // Under the rule (N > 1), a part published while its group is out of the pool shows nowhere yet: dating the
      // record by it would tell whether a held batch there went through or cancelled (fourth review). It dates the
      // record it shows in, by the group's return to the pool. With N = 1 nothing is held and every change dates.
      if (config.minChange() == 1 || groupRaters[part / CELLS] >= config.minRaters()) {
        reflected = later(reflected, Instant.ofEpochMilli(partChangedAt[part]));
      }
    }
    checks.published(checked, poolBefore);
    if (eventTime != null) {
      // Compared after the whole change, not per side: a correction takes its rater out of a group of exactly k and
      // puts it back, which is no change of the pool (nor a reason to move updatedAt).
      if (pool() != poolBefore) {
        reflected = later(reflected, eventTime);
      }
      changedAt(eventTime);
      if (reflected != null) {
        publishedAt = later(publishedAt, reflected);
      }
    }
  }

  /** This thread's {@link Scratch}, as last looked up. */
  private Scratch scratch;

  Scratch scratch() {
    return scratch = Scratch.of(scratch);
  }

  /**
   * Whether the team withholds sd: where the rule says so, and wherever a change reached it while the rule did
   * ({@link #squaresFromSums}).
   */
  boolean withholdsSd() {
    return config.withholdsSd() || squaresFromSums;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || (b != null && b.isAfter(a)) ? b : a;
  }

  /**
   * All a team's totals need of a response: its rater, group and per cell the number, sum and sum of squares of
   * its scores (empty when it has none). The repartition topic carries this instead of the whole response.
   */
  public static ResponseContribution contribution(SurveyResponse response) {
    return contribution(response, true);
  }

  /**
   * {@link #contribution(SurveyResponse)} as a rule that reads the squares ({@code squaresRead}) counts it, or, where
   * sd is withheld, with the least squares ({@link #contributionCells(SurveyResponse, boolean)}).
   */
  public static ResponseContribution contribution(SurveyResponse response, boolean squaresRead) {
    return new ResponseContribution(response.getRaterId(), response.getRaterGroup(),
        cells(contributionCells(response, squaresRead)));
  }

  /**
   * Cells as the list the Avro classes hold ({@code ResponseContribution}, the latest-responses store's summary),
   * over the array they were computed or unpacked into: no box per cell unless read.
   */
  public static List<Long> cells(long[] values) {
    return new CellList(values);
  }

  /**
   * The cells of a response's {@link #contribution}: per cell the number, sum and sum of squares of its scores
   * ({@value #CONTRIBUTION_LENGTH} numbers), or an empty array when it has no score.
   */
  public static long[] contributionCells(SurveyResponse response) {
    long[] byCell = new long[CONTRIBUTION_LENGTH];
    boolean scored = false;
    List<Answer> answers = response.getAnswers();
    for (int i = 0; i < answers.size(); i++) {
      Answer answer = answers.get(i);
      Integer score = answer.getScore();
      if (score != null) {
        int at = (answer.getAxis().ordinal() * POLES + answer.getPole().ordinal()) * 3;
        byCell[at]++;
        byCell[at + 1] += score;
        byCell[at + 2] += (long) score * score;
        scored = true;
      }
    }
    return scored ? byCell : new long[0];
  }

  /**
   * {@link #contributionCells(SurveyResponse)} as counted by a rule that reads the squares ({@code squaresRead}), or,
   * where sd is withheld, with each cell's squares the least its count and sum allow ({@link Totals#leastSquares}):
   * nothing then published shows the squares, and with these in their place no check, on the key's side or the
   * team's, can tell answers of the same counts and sums apart (review 74).
   */
  public static long[] contributionCells(SurveyResponse response, boolean squaresRead) {
    long[] byCell = contributionCells(response);
    if (!squaresRead) {
      for (int at = 0; at < byCell.length; at += 3) {
        byCell[at + 2] = Totals.leastSquares(byCell[at], byCell[at + 1]);
      }
    }
    return byCell;
  }

  /** Records the event time of a change: the earliest is the scores' updatedAt until anything is published. */
  private void changedAt(Instant eventTime) {
    if (firstChangeAt == null || eventTime.isBefore(firstChangeAt)) {
      firstChangeAt = eventTime;
    }
  }

  /**
   * The greatest event time of the changes what is published reflects (changes in published parts, groups entering
   * or leaving the pool); until anything is published, the earliest change. Either way the same whatever the order in
   * which partitions delivered the changes. The scores' updatedAt; null before any change.
   */
  public Instant publishedAt() {
    return publishedAt != null ? publishedAt : firstChangeAt;
  }

  /** Responses currently counted. */
  public int responses() {
    return responses;
  }

  /** True when no response is counted (the team disappears from the scores). */
  public boolean isEmpty() {
    return responses == 0;
  }

  /**
   * The cells (bits) a correction within the team leaves holding scores of one value where it changed them (another
   * group, or other totals): where the rater's pending change on the part is then scores of one value too (the part
   * as published showed nothing of this form), a reader who takes the cell for scores of that value reads it as
   * nothing (fiftieth review: a new rater's form, still unpublished, corrected to 3 and 3 beside the attacker's
   * correction and a victim's first answer; the batch's records read about 3 were the victim's answers). {@link
   * PendingChanges#record} counts such a change nowhere there.
   */
  private static int oneValueCorrectionCells(ResponseContribution before, ResponseContribution after,
      boolean squaresRead) {
    if (before == null || after == null) {
      return 0;
    }
    List<Long> to = after.getCells();
    if (to.size() != CELLS * 3) {
      return 0;
    }
    int unchanged = before.getRaterGroup() == after.getRaterGroup() ? sameCells(before.getCells(), to) : 0;
    int cells = 0;
    for (int cell = 0; cell < CELLS; cell++) {
      int at = cell * 3;
      if ((unchanged & 1 << cell) == 0
          && Totals.oneScoreValue(value(to, at), value(to, at + 1), value(to, at + 2), squaresRead)) {
        cells |= 1 << cell;
      }
    }
    return cells;
  }

  /**
   * The cells (bits) on which a change only moves the response from one group to another: both sides scored, in
   * different groups, with the same n, sum and sum of squares on the cell. A change has one key, so one rater.
   */
  private static int movedCells(ResponseContribution before, ResponseContribution after) {
    if (before == null || after == null || before.getRaterGroup() == after.getRaterGroup()) {
      return 0;
    }
    return sameCells(before.getCells(), after.getCells());
  }

  /** The cells (bits) on which a response's contribution ({@link #contributionCells}, as a list) has scores. */
  public static int scoredCells(List<Long> cells) {
    if (cells.size() != CELLS * 3) {
      return 0;
    }
    int scored = 0;
    for (int cell = 0; cell < CELLS; cell++) {
      if (value(cells, cell * 3) != 0) {
        scored |= 1 << cell;
      }
    }
    return scored;
  }

  /**
   * The cells (bits) on which two responses' contributions ({@link #contributionCells}, as lists) have scores and the
   * same n, sum and sum of squares: where a response moved from one to the other changes nothing but its place.
   */
  public static int sameCells(List<Long> from, List<Long> to) {
    if (from.size() != CELLS * 3 || to.size() != CELLS * 3) {
      return 0;
    }
    int moved = 0;
    for (int cell = 0; cell < CELLS; cell++) {
      int at = cell * 3;
      long n = value(from, at);
      if (n != 0 && n == value(to, at) && value(from, at + 1) == value(to, at + 1)
          && value(from, at + 2) == value(to, at + 2)) {
        moved |= 1 << cell;
      }
    }
    return moved;
  }

  /**
   * One of a contribution's cell totals, read from the array behind a list of {@link #cells} without boxing it (the
   * fast replay's contributions; a deserialized one is an ordinary list). The team side compares a change's cells on
   * every change, and the boxed reads took a twelfth of the fast replay's team threads.
   */
  public static long value(List<Long> cells, int index) {
    return cells instanceof CellList list ? list.values[index] : cells.get(index);
  }

  /** Applies one side of a change to the totals and the rater's tally; returns the parts it touched. */
  private long apply(ResponseContribution contribution, int sign) {
    if (sign < 0 && responses == 0) {
      throw new IllegalStateException("Cannot subtract a response from an empty team aggregate");
    }
    List<Long> byCell = contribution.getCells();
    if (!byCell.isEmpty() && byCell.size() != CELLS * 3) {
      throw new IllegalArgumentException("A response contribution has " + byCell.size() + " cell totals where "
          + CELLS * 3 + " are expected; it was written by an incompatible version (reset the application)");
    }
    responses += sign;
    if (byCell.isEmpty()) {
      return 0;
    }
    int group = contribution.getRaterGroup().ordinal();
    String rater = contribution.getRaterId();
    int[] tally = tally(rater);
    int base = group * TALLY_STRIDE;
    long presentBefore = presence(tally);
    int before = tally[base];
    tally[base] = checked(before + sign);
    if (before == 0) {
      groupRaters[group]++;
    } else if (tally[base] == 0) {
      groupRaters[group]--;
    }
    for (int cell = 0; cell < CELLS; cell++) {
      long n = byCell.get(cell * 3);
      if (n == 0) {
        continue;
      }
      tally[base + 1 + cell] = checked(tally[base + 1 + cell] + sign);
      int at = (group * CELLS + cell) * 3;
      cellTotals[at] += sign * n;
      cellTotals[at + 1] += sign * byCell.get(cell * 3 + 1);
      cellTotals[at + 2] += sign * byCell.get(cell * 3 + 2);
      Totals.requireConsistent(cellTotals[at], cellTotals[at + 1], cellTotals[at + 2]);
    }
    if (sideRater == null) {
      sideRater = rater;
      sidePresentBefore = presentBefore;
    }
    sidePresentAfter = presence(tally);
    long touched = 0;
    for (int cell = 0; cell < CELLS; cell++) {
      long n = byCell.get(cell * 3);
      if (n == 0) {
        continue;
      }
      int at = (group * CELLS + cell) * 3;
      sideNet[at] += sign * n;
      sideNet[at + 1] += sign * byCell.get(cell * 3 + 1);
      sideNet[at + 2] += sign * byCell.get(cell * 3 + 2);
      touched |= 1L << (group * CELLS + cell);
    }
    return touched;
  }

  /**
   * Records the change's net effect on each part it touched as one pending change of its rater: a correction that
   * leaves a cell as it was (a re-sent form, an edit elsewhere) records nothing there, so it neither counts that
   * rater again nor takes back that their change there was only a move (docs/privacy.md).
   *
   * @param moved the cells on which the change only moves the response between groups or teams
   * @param oneValue the cells a correction leaves holding scores of one value ({@link #oneValueCorrectionCells})
   * @param afterGroup the ordinal of the group the change leaves the response in (-1 when it takes it out)
   */
  private void recordPending(long touched, int moved, int oneValue, int afterGroup) {
    for (int part = 0; part < PARTS; part++) {
      if ((touched & (1L << part)) == 0) {
        continue;
      }
      int at = part * 3;
      int cellBit = 1 << (part % CELLS);
      if (sideNet[at] != 0 || sideNet[at + 1] != 0 || sideNet[at + 2] != 0) {
        pending.record(sideRater, part, sideNet[at], sideNet[at + 1], sideNet[at + 2], sidePresentBefore,
            sidePresentAfter, (moved & cellBit) != 0, (oneValue & cellBit) != 0 && part / CELLS == afterGroup);
      }
      sideNet[at] = 0;
      sideNet[at + 1] = 0;
      sideNet[at + 2] = 0;
    }
    sideRater = null;
  }

  /** The rater's tally, read from the tallies once per change (a change concerns one rater, one key). */
  private int[] tally(String rater) {
    if (rater.equals(changedRater)) {
      return changedTally;
    }
    putChangedTally();
    Scratch scratch = scratch();
    changedRater = rater;
    changedTally = scratch.changedTally();
    tallies.read(rater, changedTally);
    tallyAsRead = scratch.tallyAsRead(changedTally.length);
    System.arraycopy(changedTally, 0, tallyAsRead, 0, changedTally.length);
    return changedTally;
  }

  /** Writes the changed rater's tally back if the change moved it, and forgets the rater. */
  private void putChangedTally() {
    if (changedRater != null) {
      if (!Arrays.equals(tallyAsRead, changedTally)) {
        tallies.put(changedRater, changedTally);
      }
      changedRater = null;
      changedTally = null;
    }
  }

  /** Moves one key's participation status in this team from before to after. */
  private void applyRoster(RosterChange change) {
    int[] tally = tally(change.getRaterId());
    applyStatus(tally, change.getBefore(), -1);
    applyStatus(tally, change.getAfter(), 1);
  }

  private void applyStatus(int[] tally, RosterStatus status, int sign) {
    RaterGroup group = status.getNominatedGroup();
    if (group != null) {
      int at = TALLY_LENGTH + group.ordinal() * 2;
      countDistinct(tally, at, group.ordinal() * 2, sign);
      if (status.getAnswered()) {
        countDistinct(tally, at + 1, group.ordinal() * 2 + 1, sign);
      }
    }
    if (status.getUnnominated()) {
      roster[UNNOMINATED] = checkedCount(roster[UNNOMINATED] + sign);
    }
  }

  /** A rater's reference count at {@code at} moves; the team's distinct count at {@code counter} when it crosses 0. */
  private void countDistinct(int[] tally, int at, int counter, int sign) {
    int before = tally[at];
    tally[at] = checked(before + sign);
    if (before == 0) {
      roster[counter]++;
    } else if (tally[at] == 0) {
      roster[counter]--;
    }
  }

  private static int checkedCount(int count) {
    if (count < 0) {
      throw new IllegalStateException("Unnominated responses below zero in a team: a participation status was taken "
          + "out that was never counted");
    }
    return count;
  }

  /** The groups in the pool (bits by group): those with at least k raters. */
  int pool() {
    int pool = 0;
    for (int group = 0; group < GROUPS; group++) {
      if (groupRaters[group] >= config.minRaters()) {
        pool |= 1 << group;
      }
    }
    return pool;
  }

  /** The roster's counters and the raters per group, written into {@code figures}. */
  private int[] participationFigures(int[] figures) {
    System.arraycopy(roster, 0, figures, 0, roster.length);
    System.arraycopy(groupRaters, 0, figures, roster.length, GROUPS);
    return figures;
  }

  /** Whether the participation figures are {@code figures} ({@link #participationFigures}). */
  private boolean participationIs(int[] figures) {
    return Arrays.equals(roster, 0, roster.length, figures, 0, roster.length)
        && Arrays.equals(groupRaters, 0, GROUPS, figures, roster.length, roster.length + GROUPS);
  }

  /** Whether the last change moved a participation figure (then the participation is published again). */
  public boolean participationChanged() {
    return participationChanged;
  }

  /**
   * True while the team has something to show in participation: a nomination, or a response (counted in the scores,
   * or held and unnominated). When false the team's participation is a tombstone.
   */
  public boolean hasParticipation() {
    if (responses > 0 || roster[UNNOMINATED] > 0) {
      return true;
    }
    for (int group = 0; group < GROUPS; group++) {
      if (roster[group * 2] > 0) {
        return true;
      }
    }
    return false;
  }

  /** The team's participation as of now; see {@link TeamParticipation}. */
  public TeamParticipation participation(String cycleId, String teamId, String rosterName) {
    Map<RaterGroup, TeamParticipation.Group> groups = new EnumMap<>(RaterGroup.class);
    for (RaterGroup group : RaterGroup.values()) {
      int g = group.ordinal();
      if (roster[g * 2] > 0 || groupRaters[g] > 0) {
        groups.put(group, new TeamParticipation.Group(roster[g * 2], roster[g * 2 + 1], groupRaters[g]));
      }
    }
    return new TeamParticipation(cycleId, teamId, rosterName, config.minRaters(), groups, roster[UNNOMINATED],
        participationAt);
  }

  /**
   * Publishes a part: its published totals become the current ones and its pending raters' published presence
   * moves with them. Called once at least N raters differ on the part from what is published of it.
   */
  private void publish(int part) {
    int cell = part % CELLS;
    long bit = 1L << part;
    for (int i = 0; i < pending.size(); i++) {
      if ((pending.partsOf(i) & bit) == 0) {
        continue;
      }
      PendingChanges.Rater rater = pending.rater(i);
      int setBefore = publishedSet(rater, cell);
      boolean nowPresent = (rater.presentNow & bit) != 0;
      int setAfter = nowPresent ? setBefore | (1 << (part / CELLS)) : setBefore & ~(1 << (part / CELLS));
      if (setBefore != setAfter) {
        if (setBefore != 0) {
          publishedRaterSets[cell * SETS + setBefore]--;
        }
        if (setAfter != 0) {
          publishedRaterSets[cell * SETS + setAfter]++;
        }
      }
    }
    pending.published(part);
    System.arraycopy(cellTotals, part * 3, publishedTotals, part * 3, 3);
  }

  /** The set of groups (bit mask) in whose published part of the cell the rater has a score. */
  private static int publishedSet(PendingChanges.Rater rater, int cell) {
    int set = 0;
    for (int group = 0; group < GROUPS; group++) {
      if (rater.publishedPresence(group * CELLS + cell)) {
        set |= 1 << group;
      }
    }
    return set;
  }

  /** The parts (bits group * CELLS + cell) on which a tally has at least one score. */
  private static long presence(int[] tally) {
    long parts = 0;
    for (int group = 0; group < GROUPS; group++) {
      for (int cell = 0; cell < CELLS; cell++) {
        if (tally[group * TALLY_STRIDE + 1 + cell] > 0) {
          parts |= 1L << (group * CELLS + cell);
        }
      }
    }
    return parts;
  }

  private static int checked(int count) {
    if (count < 0) {
      throw new IllegalStateException("Reference count below zero for a rater: a response was subtracted that was "
          + "never added");
    }
    return count;
  }

  static boolean isZero(int[] tally) {
    for (int count : tally) {
      if (count != 0) {
        return false;
      }
    }
    return true;
  }

  /** Sums of one group on one cell. */
  Totals totals(RaterGroup group, Cell cell) {
    int at = (group.ordinal() * CELLS + cell.index()) * 3;
    return new Totals(cellTotals[at], cellTotals[at + 1], cellTotals[at + 2]);
  }

  /** Sums of one group on one cell as last published. */
  Totals publishedTotals(RaterGroup group, Cell cell) {
    return publishedTotals(group.ordinal(), cell);
  }

  /** Distinct raters, over the given groups, behind the published parts of the cell. */
  int publishedRaters(Cell cell, Set<RaterGroup> groups) {
    return publishedRaters(cell, mask(groups));
  }

  /** Distinct raters of the given groups with a change not yet published. */
  int pendingRaters(Set<RaterGroup> groups) {
    return pendingRaters(mask(groups));
  }

  /** Distinct raters of one group (by ordinal) who gave at least one score. */
  int groupRaters(int group) {
    return groupRaters[group];
  }

  /** {@link #publishedRaters(Cell, Set)} for a bit mask of group ordinals. */
  int publishedRaters(Cell cell, int groups) {
    return countSets(publishedRaterSets, cell, groups);
  }

  /** {@link #pendingRaters(Set)} for a bit mask of group ordinals. */
  int pendingRaters(int groups) {
    long parts = 0;
    for (int group = 0; group < GROUPS; group++) {
      if ((groups & (1 << group)) != 0) {
        parts |= ((1L << CELLS) - 1) << (group * CELLS);
      }
    }
    return pending.countAny(parts);
  }

  /** The number of scores in the published parts of the cell, over the given groups (a bit mask of ordinals). */
  long publishedN(Cell cell, int groups) {
    long n = 0;
    for (int group = 0; group < GROUPS; group++) {
      if ((groups & (1 << group)) != 0) {
        n += publishedTotals[(group * CELLS + cell.index()) * 3];
      }
    }
    return n;
  }

  /** Sums of one group (by ordinal) on one cell as last published. */
  Totals publishedTotals(int group, Cell cell) {
    int at = (group * CELLS + cell.index()) * 3;
    return new Totals(publishedTotals[at], publishedTotals[at + 1], publishedTotals[at + 2]);
  }

  /** Distinct raters per group who gave at least one score. */
  Map<RaterGroup, Integer> ratersByGroup() {
    Map<RaterGroup, Integer> counts = new EnumMap<>(RaterGroup.class);
    for (RaterGroup group : RaterGroup.values()) {
      if (groupRaters[group.ordinal()] > 0) {
        counts.put(group, groupRaters[group.ordinal()]);
      }
    }
    return counts;
  }

  /** The groups as a bit mask of their ordinals, the form the mask variants take. */
  private static int mask(Set<RaterGroup> groups) {
    int mask = 0;
    for (RaterGroup group : groups) {
      mask |= 1 << group.ordinal();
    }
    return mask;
  }

  private static int countSets(int[] sets, Cell cell, int wanted) {
    int raters = 0;
    for (int set = 1; set < SETS; set++) {
      if ((set & wanted) != 0) {
        raters += sets[cell.index() * SETS + set];
      }
    }
    return raters;
  }

  /**
   * The persisted form of the team's own state (the rater tallies are persisted by their {@link RaterTallies}); an
   * all-zero array is written empty, so an emptied team keeps little more than its event times and what it
   * published.
   */
  public TeamAggregateState toState() {
    return new TeamAggregateState(responses, PackedCounters.pack(groupRaters),
        PackedCounters.pack(cellTotals), PackedCounters.none(), PackedCounters.pack(publishedTotals),
        PackedCounters.pack(publishedRaterSets), pending.pack(), PackedCounters.pack(partChangedAt), firstChangeAt,
        publishedAt, PackedCounters.pack(roster), participationAt, PackedCounters.pack(checks.steadyGroups),
        checks.selfPolesAlone,
        squaresFromSums);
  }

  /**
   * Restores the working form from the persisted one to apply changes; {@code state} null is an empty team.
   *
   * @param tallies where the team's rater tallies are read and written
   * @param config the publication rule the state was built with
   */
  public static TeamAggregate fromState(TeamAggregateState state, RaterTallies tallies, ScoringConfig config) {
    if (state == null) {
      return new TeamAggregate(tallies, config, new PendingChanges());
    }
    TeamAggregate aggregate = new TeamAggregate(tallies, config, PendingChanges.unpack(state.getPending()));
    aggregate.responses = state.getResponses();
    PackedCounters.unpack(state.getGroupRaters(), aggregate.groupRaters, "team group raters");
    PackedCounters.unpack(state.getCells(), aggregate.cellTotals, "team cell totals");
    // cellRaters, the distinct raters per cell and exact set of groups, is read by nothing (the scores show the
    // published parts' raters, publishedCellRaters): written empty since 2026-12-07, and skipped where an earlier
    // version wrote it.
    PackedCounters.unpack(state.getPublishedCells(), aggregate.publishedTotals, "team published cell totals");
    PackedCounters.unpack(state.getPublishedCellRaters(), aggregate.publishedRaterSets, "team published cell raters");
    aggregate.squaresFromSums = state.getSquaresFromSums();
    aggregate.pending.readSquares(!aggregate.withholdsSd());
    PackedCounters.unpack(state.getPartChangedAt(), aggregate.partChangedAt, "team part change times");
    aggregate.firstChangeAt = state.getFirstChangeAt();
    aggregate.publishedAt = state.getPublishedAt();
    PackedCounters.unpack(state.getRoster(), aggregate.roster, "team participation");
    aggregate.participationAt = state.getParticipationAt();
    PackedCounters.unpack(state.getPartSteadyGroups(), aggregate.checks.steadyGroups, "team part steady groups");
    aggregate.checks.selfPolesAlone = state.getSelfPolesAlone();
    return aggregate;
  }

  /**
   * Restores a team for reading its scores only (interactive queries): every figure {@link ScoreCalculator} needs
   * is in the team's own state; adding or subtracting a response fails.
   */
  public static TeamAggregate fromState(TeamAggregateState state, ScoringConfig config) {
    return fromState(state, new RaterTallies() {
      @Override
      public void read(String raterId, int[] into) {
        throw new UnsupportedOperationException("This team aggregate was restored for reading only");
      }

      @Override
      public void put(String raterId, int[] tally) {
        throw new UnsupportedOperationException("This team aggregate was restored for reading only");
      }
    }, config);
  }

  /** A read-only list over an array of cells. */
  private static final class CellList extends AbstractList<Long> implements RandomAccess {
    private final long[] values;

    CellList(long[] values) {
      this.values = values;
    }

    @Override
    public Long get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}
