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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The exact running totals of one team in one cycle: integer sums per (group, axis, pole), and how many distinct
 * raters stand behind each group and cell. Responses are added and subtracted; nothing is ever recomputed from a
 * sample and no mean is stored. Every score is derived from this by {@link ScoreCalculator}.
 *
 * <p>The team's own state is fixed in size whatever the team's size: totals per (group, cell), distinct raters per
 * group, and per cell the number of raters who scored it in each exact set of groups (so the distinct raters of a
 * cell over any set of groups is a sum over at most 31 counters, exactly, even for a rater in several groups). The
 * per-rater reference counts that keep those counters exact live in {@link RaterTallies}, one small entry per
 * rater, read and written only for the rater of the response being applied.
 *
 * <p>Next to the exact totals it keeps what is published of them (docs/privacy.md): per part (group x cell) the
 * totals as last published and the same set counters for the published parts, and the raters whose contribution to
 * a part differs from the published one ({@link PendingChanges}). A part is published once N of its raters differ,
 * unless its net change is what fewer than N of them changed (the others cancel), which waits for the next change.
 * So the state grows with neither the team nor the corrections beyond N - 1 raters per part, but for such a held
 * batch.
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
  private static final Cell[] CELL_OF = new Cell[CELLS];
  /** Per cell: its parts in the groups pooled together (all but SELF). */
  private static final long[] POOLED_PARTS = new long[CELLS];
  /** The parts of cell 0 in every group (bits); shifted left by a cell, that cell's. */
  private static final long CELL_PARTS = cellParts();
  /** The SELF group's parts (bits). */
  private static final long SELF_PARTS = ((1L << CELLS) - 1) << (RaterGroup.SELF.ordinal() * CELLS);

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
  /** Per (cell, exact set of groups): raters. */
  private final int[] cellRaterSets = new int[CELLS * SETS];
  /** Per part: n, sum, sum of squares as last published (the publication rule, docs/privacy.md). */
  private final long[] publishedTotals = new long[PARTS * 3];
  /** Per (cell, exact set of groups): raters whose published contribution to the cell is in exactly those parts. */
  private final int[] publishedRaterSets = new int[CELLS * SETS];
  private PendingChanges pending = new PendingChanges();
  private Instant publishedAt;
  private Instant firstChangeAt;
  /** Per part: the greatest event time (epoch millis) of any change applied to it; 0 before the first. */
  private final long[] partChangedAt = new long[PARTS];
  /**
   * Per part, what is known of the other groups' parts of its cell in the records since the part was last published
   * ({@link #keepSteadyGroups}): bits 0 to 4, the groups whose part every record since showed (never gone from one);
   * bits 5 to 9, those whose part none showed. 0 knows nothing, which reads every group both ways (the copies checks,
   * {@link #readings}).
   */
  private final int[] steadyGroups = new int[PARTS];
  /**
   * Per axis a, bit 2a (leader) or 2a + 1 (manager): the SELF pole that was published alone first
   * ({@link #withSelfPolesTogether}, {@link #keepSelfPolesAlone}); 0 while neither has been.
   */
  private int selfPolesAlone;
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
   * array is the thread's ({@link Targets#sideNet}), cleared at the start of each change: a team's state in memory
   * (the fast replay holds every team's) keeps no scratch of its own.
   */
  private long[] sideNet;
  private String sideRater;
  private long sidePresentBefore;
  private long sidePresentAfter;
  private int[] changedTally;
  /** The changed rater's tally as read (all zeros for a rater without one), to tell whether it moved: the thread's. */
  private int[] tallyAsRead;

  /** An empty aggregate keeping its rater tallies in memory that publishes every change (N = 1): exact scores. */
  public TeamAggregate() {
    this(new ScoringConfig(1, 1));
  }

  /** An empty aggregate keeping its rater tallies in memory, publishing by the rule of {@code config}. */
  public TeamAggregate(ScoringConfig config) {
    this(RaterTallies.inMemory(), config);
  }

  /** An empty aggregate keeping its rater tallies in {@code tallies}, publishing by the rule of {@code config}. */
  public static TeamAggregate withTallies(RaterTallies tallies, ScoringConfig config) {
    return new TeamAggregate(tallies, config);
  }

  private TeamAggregate(RaterTallies tallies, ScoringConfig config) {
    this.tallies = tallies;
    this.config = config;
    pending.readSquares(!config.withholdsSd());
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
    Targets scratch = targets();
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
    long publishing = 0;
    for (int part = 0; part < PARTS; part++) {
      if ((touched & (1L << part)) != 0) {
        partChangedAt[part] = Math.max(partChangedAt[part], millis);
        if (publishable(part)) {
          publishing |= 1L << part;
        }
      }
    }
    Instant reflected = null;
    // The cells a move links publish together: a linked part joins the change where it may, and a part whose linked
    // parts the other checks then hold waits too, until nothing more is held (twenty-ninth review).
    long checked = withSelfPolesTogether(withoutUnlinkedMoves(publishing, true), true);
    long previous = 0;
    while (previous != checked) {
      previous = checked;
      checked = withSelfPolesTogether(
          withoutUnlinkedMoves(withoutCombinationCancellations(withoutPooledCancellations(checked)), false), false);
    }
    for (long parts = checked; parts != 0;
        parts &= parts - 1) {
      int part = Long.numberOfTrailingZeros(parts);
      publish(part);
      // Under the rule (N > 1), a part published while its group is out of the pool shows nowhere yet: dating the
      // record by it would tell whether a held batch there went through or cancelled (fourth review). It dates the
      // record it shows in, by the group's return to the pool. With N = 1 nothing is held and every change dates.
      if (config.minChange() == 1 || groupRaters[part / CELLS] >= config.minRaters()) {
        reflected = later(reflected, Instant.ofEpochMilli(partChangedAt[part]));
      }
    }
    keepSteadyGroups(checked, poolBefore);
    keepSelfPolesAlone(checked);
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

  /** Whether the part's batch may be published on its own: N raters changed it, and not by fewer (the rule). */
  private boolean publishable(int part) {
    return pending.count(part) >= config.minChange() && countedChanges(part) >= config.minChange()
        && !netIsNothing(part) && !cancelsDownToFewerThanN(part);
  }

  /**
   * Whether the part's totals are what was last published of them although raters changed (their changes cancel
   * exactly: trades of answers, re-keyed responses): publishing would show no value changing but `pendingRaters`
   * falling and `updatedAt` moving, which says that those raters' changes cancel (ninth review). Such a batch waits:
   * what is published is the exact value already. Never with N = 1, which publishes every change.
   */
  private boolean netIsNothing(int part) {
    int at = part * 3;
    return config.minChange() > 1 && cellTotals[at] == publishedTotals[at]
        && cellTotals[at + 1] == publishedTotals[at + 1] && read(cellTotals, at) == read(publishedTotals, at);
  }

  /**
   * The part's pending raters who count towards N: those whose change on it is more than a move. A response re-sent
   * in another group with the same answers on a cell (HR fixing a relationship label) leaves one group's part and
   * enters the other's, and in every cell that pools both (or in two records, one showing each group) the two cancel:
   * counted, a batch of such moves would publish what else changed, one rater's edit alone (docs/privacy.md, "A
   * response moved to another group or team"). So a move changes both parts but counts in neither. A move is told
   * two ways, and either suffices: by the path, the rater's latest change on the part was a move (between groups of
   * the team, or as the key's rule marks it: to another team, or back to the scores that left one); and by the net,
   * the rater's changes on the cell over the groups pooled there add up to nothing, however they got there (an edit
   * made with the relabel and reverted later). With N = 1 every change is published.
   */
  private int countedChanges(int part) {
    return config.minChange() == 1 ? pending.count(part) : pending.countCounted(part);
  }

  /**
   * Whether a part with N pending raters must still be held back because its net change since publication is what
   * fewer than N pending raters changed, summed (the others cancel): never with N = 1, which publishes every change
   * on purpose.
   */
  private boolean cancelsDownToFewerThanN(int part) {
    if (config.minChange() == 1) {
      return false;
    }
    return fewerThanNExplain(1L << part) || outOfPoolCancelsDownToFewerThanN(1L << part);
  }

  /**
   * Whether the parts (of one cell's pooled groups: a part, or the parts one change publishes together), with the
   * parts of their cell whose groups are out of the pool, have pending changes that fewer than N raters made, summed
   * per rater over those groups: a group out of the pool shows nothing, so the record after this batch can be
   * compared with one from before the group left, in which its last published part showed (twelfth review: a
   * rater's two forms withdrawn in PEER and sent again under two new ids in OTHER, PEER out of the pool, and the two
   * records differed by a victim's first answer); and whether those two records differ by what fewer than N of the
   * parts' pending raters changed. A group still in the pool may leave it after this batch, so the same holds for
   * every set of the cell's other pooled groups that show a part now, with those out of the pool (twenty-third
   * review: OTHER's three forms copied into PEER under new ids beside a victim's answer, published while OTHER was
   * still in the pool, and then OTHER left it by a withdrawal: the record after less the one before the copies was
   * the victim's answers). Parts published together are checked as one (twenty-fifth review: DIRECT_REPORT's forms
   * copied, two into PEER and one into OTHER, beside a victim's answer and a relabel with an edit that published
   * both parts at once; each part passed on its own, and once DIRECT_REPORT left, the cell differed by the victim's
   * answers and the relabelled rater's edit).
   */
  private boolean outOfPoolCancelsDownToFewerThanN(long parts) {
    int first = Long.numberOfTrailingZeros(parts);
    if (first < CELLS) {
      return false;
    }
    long out = 0;
    long dormant = 0;
    for (long on = POOLED_PARTS[first % CELLS] & ~parts; on != 0; on &= on - 1) {
      int other = Long.numberOfTrailingZeros(on);
      if (groupRaters[other / CELLS] < config.minRaters()) {
        out |= 1L << other;
      }
      if (publishedTotals[other * 3] != 0) {
        dormant |= 1L << other;
      }
    }
    if (out != 0 && pending.cellFewerThanExplain(out | parts, config.minChange())) {
      return true;
    }
    // A record from before those groups left showed their last published parts, a record after this batch (and after
    // they left) shows none: the two differ by these parts' net change less those parts, which copies of their
    // unchanged raters' answers sent into these groups can cancel (thirteenth and twenty-third reviews: OTHER's raters
    // re-keyed into PEER, before or after OTHER left the pool). And a record from while a group was out of the pool
    // (it is now, or may have been since these parts were published) showed none of its part, a record after this
    // batch and its return shows its last published part again: the two differ by the net change plus that part
    // (twenty-sixth review: OTHER re-keyed into PEER and back, with Y's two forms re-keyed one new id each beside a
    // victim's answer while OTHER was out: the withdrawn copies and OTHER's return cancelled).
    Targets targets = targets().cleared();
    long[] net = targets.net;
    for (long on = parts; on != 0; on &= on - 1) {
      int at = Long.numberOfTrailingZeros(on) * 3;
      net[0] += cellTotals[at] - publishedTotals[at];
      net[1] += cellTotals[at + 1] - publishedTotals[at + 1];
      net[2] += read(cellTotals, at) - read(publishedTotals, at);
    }
    long[] others = targets.others;
    int[] ways = targets.ways;
    int at = 0;
    for (long on = dormant; on != 0; on &= on - 1, at += 3) {
      int other = Long.numberOfTrailingZeros(on);
      System.arraycopy(publishedTotals, other * 3, others, at, 3);
      others[at + 2] = read(publishedTotals, other * 3);
      ways[at / 3] = readings(parts, other / CELLS);
    }
    goneOrBack(net, others, Long.bitCount(dormant), ways, targets);
    return pending.fewerThanMake(parts, config.minChange(), targets.values, targets.from, targets.to);
  }

  /** A group's part may be gone from the record after a batch and shown in one before it (a {@link #readings} bit). */
  private static final int GONE = 1;
  /** A group's part may be shown in the record after a batch and gone from one before it (a {@link #readings} bit). */
  private static final int BACK = 2;
  private static final int ALL_GROUPS = (1 << GROUPS) - 1;

  /**
   * The targets of the copies checks: {@code net} plus or minus each of the {@code others} (n, sum and squares, one
   * after another) or neither, every way but neither for all: each group gone from the records or come back to them
   * between the two records compared, or in both; per other group, {@code ways} says which of less its part ({@link
   * #GONE}) and plus its part ({@link #BACK}) can be.
   */
  private static Targets goneOrBack(long[] net, long[] others, int groups, int[] ways, Targets targets) {
    int count = 1;
    for (int g = 0; g < groups; g++) {
      count *= 1 + Integer.bitCount(ways[g]);
    }
    // Way 0 is the net itself; each group multiplies the ways so far: as they are, less its part, plus its part.
    long[] all = targets.values(count * 3);
    System.arraycopy(net, 0, all, 0, 3);
    int size = 3;
    for (int g = 0; g < groups; g++) {
      long n = others[g * 3];
      long sum = others[g * 3 + 1];
      long squares = others[g * 3 + 2];
      int end = size;
      for (int sign = -1; sign <= 1; sign += 2) {
        if ((ways[g] & (sign < 0 ? GONE : BACK)) == 0) {
          continue;
        }
        for (int at = 0; at < size; at += 3) {
          all[end + at] = all[at] + sign * n;
          all[end + at + 1] = all[at + 1] + sign * sum;
          all[end + at + 2] = all[at + 2] + sign * squares;
        }
        end += size;
      }
      size = end;
    }
    targets.from = 3;
    targets.to = size;
    return targets;
  }

  /**
   * The targets of a copies check, {@code values} from {@code from} to {@code to}, and the terms of a combination
   * check, in arrays each thread reuses: the checks build them on every change that may publish, and allocating them
   * was a third of what the fast replay's team side allocated. Each is read before the next check builds its own.
   */
  private static final class Targets {
    private long[] values = new long[96];
    int from;
    int to;
    /** What the checks add the targets from: the net change, and per other group its last published part. */
    final long[] net = new long[3];
    final long[] others = new long[GROUPS * 3];
    final int[] ways = new int[GROUPS];
    /** A change's participation figures before it ({@link #participationFigures}). */
    final int[] participationBefore = new int[GROUPS * 3 + 1];
    /** Per group publishing parts of a combination, those parts ({@link #publishingGroupsLeaving}). */
    final long[] groupParts = new long[GROUPS];
    /** A change's net effect per part ({@link TeamAggregate#sideNet}). */
    final long[] sideNet = new long[PARTS * 3];
    /** A change's rater's tally as read ({@link TeamAggregate#tallyAsRead}). */
    private int[] tallyAsRead = new int[RATER_TALLY_LENGTH];

    int[] tallyAsRead(int length) {
      if (tallyAsRead.length != length) {
        tallyAsRead = new int[length];
      }
      return tallyAsRead;
    }

    long[] values(int length) {
      return values = PendingChanges.atLeast(values, length);
    }

    /** No target. */
    Targets none() {
      from = 0;
      to = 0;
      return this;
    }

    /** Per number of terms (2 or 4): the terms a combination check reads, its staying terms, counts and weights. */
    private final long[][] terms = new long[5][];
    private final long[][] staying = new long[5][];
    private final long[][] counts = new long[5][];
    private final long[][] weights = new long[5][];

    long[] terms(int length) {
      return of(terms, length);
    }

    long[] staying(int length) {
      return of(staying, length);
    }

    /** Zeros. */
    long[] counts(int length) {
      long[] array = of(counts, length);
      Arrays.fill(array, 0);
      return array;
    }

    long[] weights(int length) {
      return of(weights, length);
    }

    private static long[] of(long[][] byLength, int length) {
      if (length >= byLength.length) {
        return new long[length];
      }
      if (byLength[length] == null) {
        byLength[length] = new long[length];
      }
      return byLength[length];
    }

    /** Empties {@link #net} and {@link #others} for a check to add into. */
    Targets cleared() {
      Arrays.fill(net, 0);
      Arrays.fill(others, 0);
      return this;
    }
  }

  private static final ThreadLocal<Targets> TARGETS = ThreadLocal.withInitial(Targets::new);

  /** This thread's {@link Targets} and the thread it was looked up on (as {@code PendingChanges} keeps its scratch). */
  private Targets targets;
  private Thread targetsThread;

  private Targets targets() {
    Thread current = Thread.currentThread();
    if (targetsThread != current) {
      targets = TARGETS.get();
      targetsThread = current;
    }
    return targets;
  }

  /**
   * How a group's last published part can differ between a record from since the {@code parts} were last published
   * (the latest of them) and one after this change, before they publish again ({@link #GONE}, {@link #BACK}): gone,
   * unless no record since one of them was published showed the group's part; back, unless every record since one
   * of them was published showed it. A group may always leave or come back later. Read per part and joined, so never
   * fewer ways than the records allow.
   */
  private int readings(long parts, int group) {
    int ways = 0;
    for (long on = parts; on != 0; on &= on - 1) {
      int steady = steadyGroups[Long.numberOfTrailingZeros(on)];
      ways |= ((steady >>> GROUPS) & (1 << group)) == 0 ? GONE : 0;
      ways |= (steady & (1 << group)) == 0 ? BACK : 0;
    }
    return ways;
  }

  /**
   * After a change and what it published: per cell, the groups whose part the record after it shows (in the pool,
   * with a published part there, the cell's mean shown: {@link ScoreCalculator#shows}) and the others. The parts it
   * published start again from that record (the first that shows them); every other part keeps only the groups whose
   * place it shared, and loses as shown every group that published a part now, since the records before showed
   * another part of it (thirty-second review: OTHER in the pool by its FOCUS answers alone, showing no CHANGE part
   * while PEER's was published, then publishing one; read as in the records ever since, it was never read as come
   * back, and PEER's batch less OTHER's new part was a victim's answers).
   */
  private void keepSteadyGroups(long published, int poolBefore) {
    if (config.minChange() == 1 || published == 0 && pool() == poolBefore) {
      // Every change publishes, and nothing reads them; or what a record shows is what it showed after the change
      // before (a cell's mean and the parts in it move only with the pool and with what is published).
      return;
    }
    int pool = pool() & ~(1 << RaterGroup.SELF.ordinal());
    int publishingGroups = 0;
    for (int group = 0; group < GROUPS; group++) {
      if ((published & (((1L << CELLS) - 1) << (group * CELLS))) != 0) {
        publishingGroups |= 1 << group;
      }
    }
    for (int cell = 0; cell < CELLS; cell++) {
      int shown = 0;
      if (ScoreCalculator.shows(this, CELL_OF[cell], pool, config)) {
        for (int group = 0; group < GROUPS; group++) {
          if ((pool & (1 << group)) != 0 && publishedTotals[(group * CELLS + cell) * 3] != 0) {
            shown |= 1 << group;
          }
        }
      }
      int now = shown | ((ALL_GROUPS & ~shown) << GROUPS);
      for (int group = 0; group < GROUPS; group++) {
        int part = group * CELLS + cell;
        steadyGroups[part] = (published & (1L << part)) != 0 ? now
            : steadyGroups[part] & now & ~publishingGroups;
      }
    }
  }

  /** {@link PendingChanges#fewerThanExplain} of the parts, with their net change since publication. */
  private boolean fewerThanNExplain(long parts) {
    long n = 0;
    long sum = 0;
    long sumOfSquares = 0;
    for (long on = parts; on != 0; on &= on - 1) {
      int at = Long.numberOfTrailingZeros(on) * 3;
      n += cellTotals[at] - publishedTotals[at];
      sum += cellTotals[at + 1] - publishedTotals[at + 1];
      sumOfSquares += read(cellTotals, at) - read(publishedTotals, at);
    }
    return pending.fewerThanExplain(parts, config.minChange(), n, sum, sumOfSquares);
  }

  /**
   * The parts to publish with the parts of other cells that their pending raters' uncounted changes link to them, or
   * without them where those cannot be published. Answers moved between cells count nowhere, but they stay pending
   * and are published with each cell's batch; two raters moving answers opposite ways between CHANGE and FOCUS each
   * change both cells, and nothing in the two summed. Published one cell per change, each batch passed on its own
   * and no change published both, so no combination was checked: beside copies of OTHER's forms and a victim's answer
   * sent in two saves, the leader cells summed after OTHER left the pool, less those before the copies, were the
   * victim's answers (twenty-seventh review). The cells such a rater links publish in one change, where the
   * combinations are checked: a linked part this change did not touch joins it when its own batch may be published
   * ({@code join}), and otherwise the part waits for it. Never with N = 1.
   */
  private long withoutUnlinkedMoves(long publishing, boolean join) {
    if (config.minChange() == 1 || publishing == 0) {
      return publishing;
    }
    long result = publishing;
    long unpublishable = 0;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (long on = result; on != 0; on &= on - 1) {
        int part = Long.numberOfTrailingZeros(on);
        long missing = linkedWith(part) & ~result;
        for (long other = missing & ~unpublishable; other != 0; other &= other - 1) {
          int linked = Long.numberOfTrailingZeros(other);
          if (join && publishable(linked)) {
            result |= 1L << linked;
          } else {
            unpublishable |= 1L << linked;
          }
          changed = true;
        }
        if ((missing & unpublishable) != 0) {
          result &= ~(1L << part);
          unpublishable |= 1L << part;
          changed = true;
        }
      }
    }
    return result;
  }

  /**
   * The parts to publish with an axis's SELF leader and manager parts in one change where both have raters pending:
   * a record shows SELF only as {@code selfBalance}, the difference of the two poles' means, and a reader who knows the
   * counts weighs each pole's sum by the other's count. Published one pole per batch, raters whose changes cancel at
   * those weights (a leader sum raised by 3 and a manager sum by 2 where the counts are 12 and 8) counted in each
   * pole's batch, and the records before and after both batches differed in {@code selfBalance} by what the others
   * changed (thirty-sixth review, split over a leader batch and a manager batch: a victim's leader-only correction and
   * the attacker's manager-only one). Together, the change is read at the team's counts ({@link
   * #meansMoveByFewerThanN}). Where one pole would be published and the other has raters pending, the other joins the
   * change where it may be published ({@code join}), and otherwise the first waits for it: whatever those raters'
   * changes add up to, so that whether it waits says nothing of them (thirty-eighth review: waiting only where they
   * did not cancel exactly told whether a victim's change there was the attacker's, reversed). And a pole published
   * alone is never followed by the other pole alone ({@link #selfPolesAlone}): the raters who raised their leader sums
   * in one save and their manager sums in the next made the same split out of two batches that were each alone (the
   * same review); once one pole was published alone, the other only publishes with it, whatever was published in
   * between. Never with N = 1.
   */
  private long withSelfPolesTogether(long publishing, boolean join) {
    if (config.minChange() == 1 || (publishing & SELF_PARTS) == 0) {
      return publishing;
    }
    long result = publishing;
    for (int leaderCell = 0; leaderCell < CELLS; leaderCell += POLES) {
      int leader = RaterGroup.SELF.ordinal() * CELLS + leaderCell;
      long poles = 3L << leader;
      long alone = result & poles;
      if (alone == 0 || alone == poles) {
        continue;
      }
      int other = Long.numberOfTrailingZeros(poles & ~alone);
      int otherAloneBit = 1 << (other - RaterGroup.SELF.ordinal() * CELLS);
      if (pending.count(other) == 0 && (selfPolesAlone & otherAloneBit) == 0) {
        continue;
      }
      if (join && pending.count(other) > 0 && publishable(other)) {
        result |= 1L << other;
      } else {
        result &= ~alone;
      }
    }
    return result;
  }

  /**
   * After a change: the SELF pole of an axis it published alone, where no pole of that axis had been published alone
   * before. Kept for good, joint publications in between included: a reader adds the records' differences across a
   * lone pole's batch and a later batch of the other pole alone, skipping whatever was published between them
   * (thirty-ninth review: a joint batch between the two lone ones let the split through).
   */
  private void keepSelfPolesAlone(long published) {
    for (int leaderCell = 0; leaderCell < CELLS; leaderCell += POLES) {
      long poles = 3L << (RaterGroup.SELF.ordinal() * CELLS + leaderCell);
      long axisPublished = published & poles;
      if (axisPublished != 0 && axisPublished != poles && (selfPolesAlone & (3 << leaderCell)) == 0) {
        selfPolesAlone |= (int) (axisPublished >>> (RaterGroup.SELF.ordinal() * CELLS));
      }
    }
  }

  /**
   * The parts of other cells that the part's pending raters' uncounted changes link to it: per rater whose change on
   * the part counts nowhere (a move) and combination of cells holding the part's cell, where the rater's pending
   * changes on the combination's cells add up to nothing in it, in the count, the sum and the squares (an answer
   * moved from one cell to another; the count read as {@link PendingChanges#combinationFewerThanExplain} reads it;
   * the squares left unread where sd is withheld, {@link #readsSquares}), and on the part's cell do not, the rater's
   * pending parts on its other cells. Not in one figure alone: honest
   * corrections of two cells by as much cancel so in the sum of a difference every so often, and the cells they
   * linked waited for each other's batches (docs/privacy.md, "What remains").
   */
  private long linkedWith(int part) {
    long bit = 1L << part;
    long cellOf = CELL_PARTS << (part % CELLS);
    long linked = 0;
    for (int i = 0; i < pending.size(); i++) {
      PendingChanges.Rater rater = pending.rater(i);
      if ((rater.parts & bit) == 0 || (rater.parts & ~cellOf) == 0 || (rater.counted & bit) != 0) {
        continue;
      }
      for (Combination combination : COMBINATIONS) {
        if (!combination.plain() || (combination.all() & (1L << part)) == 0
            || (rater.parts & combination.all() & ~cellOf) == 0) {
          continue;
        }
        long n = 0;
        long sum = 0;
        long squares = 0;
        boolean eachTermNothing = true;
        boolean ownCellSomething = false;
        for (int t = 0; t < combination.cells().length; t++) {
          long termN = 0;
          long termSum = 0;
          long termSquares = 0;
          for (long on = rater.parts & combination.cells()[t]; on != 0; on &= on - 1) {
            int at = Long.numberOfTrailingZeros(on) * 3;
            termN += rater.delta(at);
            termSum += rater.delta(at + 1);
            termSquares += rater.delta(at + 2);
          }
          n += termN;
          sum += combination.signs()[t] * termSum;
          squares += combination.signs()[t] * termSquares;
          eachTermNothing &= termN == 0;
          // A change that reads as nothing in its own cell (a response moved between groups, pooled) links nothing.
          ownCellSomething |= (combination.cells()[t] & (1L << part)) != 0
              && (termN != 0 || termSum != 0 && (termSquares != 0 || !readsSquares(combination)));
        }
        boolean countsRead = combination.summed() ? n == 0 : eachTermNothing;
        if (ownCellSomething && countsRead && sum == 0 && (squares == 0 || !readsSquares(combination))) {
          linked |= rater.parts & combination.all() & ~cellOf;
        }
      }
    }
    return linked;
  }

  /**
   * The parts to publish without those of a cell where two groups' parts would be published by this one change (a
   * response relabelled, with an edit, in a batch of each group) and what they change together in the pooled cell is
   * what fewer than N raters changed, summed: each part's batch passed on its own, but their raters' changes can
   * cancel across the two groups (P1 2 -> 4 in PEER, O1 4 -> 2 in OTHER), and the record's difference is the pooled
   * cell's. The same for what they change together less the last published parts of groups out of the pool, or that
   * may leave it ({@link #outOfPoolCancelsDownToFewerThanN}). Both parts wait for the next change. Never with N = 1.
   */
  private long withoutPooledCancellations(long publishing) {
    if (config.minChange() == 1 || Long.bitCount(publishing) < 2) {
      return publishing;
    }
    long result = publishing;
    for (int cell = 0; cell < CELLS; cell++) {
      long together = publishing & POOLED_PARTS[cell];
      if (Long.bitCount(together) > 1 && (fewerThanNExplain(together) || subUnionsCancel(together))) {
        result &= ~together;
      }
    }
    return result;
  }

  /**
   * {@link #outOfPoolCancelsDownToFewerThanN} of every two or more of the parts one change publishes in a cell: the
   * other publishing groups may leave the pool after the change, and then the records differ by these parts' batches
   * less their last published parts (which that check reads as gone). A part on its own is checked by its own rule.
   */
  private boolean subUnionsCancel(long together) {
    for (long sub = together; sub != 0; sub = (sub - 1) & together) {
      if (Long.bitCount(sub) > 1 && outOfPoolCancelsDownToFewerThanN(sub)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The parts to publish without those of combinations of cells that the record would move by what fewer than N
   * raters changed ({@link PendingChanges#combinationFewerThanExplain}): the parts of such a combination wait, and the
   * combinations are checked again until none is. Checked: every two cells of the pooled groups, summed and
   * subtracted; the leader cells summed, the manager cells summed, and the leader cells less the manager cells (the
   * overall means and balance); per axis the SELF leader part less the SELF manager part (selfBalance), two axes'
   * selfBalances summed and subtracted, and selfBalance less balance (gap). Those a record shows as differences of
   * means (selfBalance, its mixes, gap, each axis's balance and the overall balance) are also read weighted by their
   * terms' counts ({@link #meansMoveByFewerThanN}). Only the parts a record shows count: a group below k shows
   * nothing. Never with N = 1.
   */
  private long withoutCombinationCancellations(long publishing) {
    if (config.minChange() == 1 || Long.bitCount(publishing) < 2) {
      return publishing;
    }
    long shown = 0;
    for (int group = 0; group < GROUPS; group++) {
      if (groupRaters[group] >= config.minRaters()) {
        shown |= ((1L << CELLS) - 1) << (group * CELLS);
      }
    }
    long publishedParts = publishedParts();
    long result = publishing;
    Targets scratch = targets();
    boolean held = true;
    while (held) {
      held = false;
      for (Combination combination : COMBINATIONS) {
        long[] terms = scratch.terms(combination.cells().length);
        long involved = 0;
        int nonEmpty = 0;
        for (int t = 0; t < terms.length; t++) {
          terms[t] = combination.cells()[t] & result & shown;
          involved |= terms[t];
          nonEmpty += terms[t] != 0 ? 1 : 0;
        }
        if (nonEmpty > 1 && combination.plain() && (combinationFewerThanExplain(combination, terms,
            copiesTargets(combination, terms, involved, 0, publishedParts), true)
            || publishingGroupsLeaving(combination, terms, involved, publishedParts))
            || nonEmpty > 0 && combination.means() && meansMoveByFewerThanN(combination, terms, result, shown)) {
          result &= ~involved;
          held = true;
        }
      }
    }
    return result;
  }

  /**
   * Whether a combination of means ({@code selfBalance}, two axes' {@code selfBalance}s summed or subtracted, {@code
   * gap}) would move by what fewer than N raters changed, read as a reader who knows each term's count reads it:
   * each rater's change in a term weighted by the other terms' counts after the change, so that it is what the
   * combination of means moves by, times the product of the counts. The plain combination reads sums, which is the
   * same only where the counts are equal. Thirty-fifth review: where every self form leaves a manager item blank, a
   * self-rater who raises every answer by one moves the difference of sums and not the difference of means, and two
   * such raises beside a first self-rating published that rating's leader mean less manager mean. The same over two
   * axes (self forms answering one CHANGE item of each pole and two FOCUS items of each): two corrections that moved
   * each axis's {@code selfBalance}, and the two summed as sums, but not the two summed as means left a first
   * self-rating's mix alone. Any term moving is enough: a term moving alone is a part's own change, read as the mix
   * shows it.
   *
   * @param terms per term of the combination, its parts being published (bits)
   * @param result every part being published
   * @param shown the parts of the groups a record shows
   */
  private boolean meansMoveByFewerThanN(Combination combination, long[] terms, long result, long shown) {
    long[] cells = combination.cells();
    Targets scratch = targets();
    long[] counts = scratch.counts(cells.length);
    boolean equal = true;
    for (int t = 0; t < cells.length; t++) {
      for (long on = cells[t] & shown; on != 0; on &= on - 1) {
        int part = Long.numberOfTrailingZeros(on);
        counts[t] += ((result & (1L << part)) != 0 ? cellTotals : publishedTotals)[part * 3];
      }
      // A term without a count shows no mean (nor the combination). Counts past any team's could overflow.
      if (counts[t] == 0 || counts[t] > MAX_WEIGHTED_COUNT) {
        return false;
      }
      equal &= counts[t] == counts[0];
    }
    if (equal) {
      return false;
    }
    long[] weights = scratch.weights(cells.length);
    long divisor = 0;
    for (int t = 0; t < cells.length; t++) {
      weights[t] = combination.signs()[t];
      for (int u = 0; u < cells.length; u++) {
        weights[t] *= u == t ? 1 : counts[u];
      }
      divisor = gcd(divisor, Math.abs(weights[t]));
    }
    for (int t = 0; t < cells.length; t++) {
      weights[t] /= divisor;
    }
    return pending.combinationFewerThanExplain(terms, weights, false, config.minChange(), NO_TARGETS);
  }

  /**
   * The largest count of a term that {@link #meansMoveByFewerThanN} weights by (a cell of 16,384 scores): three of
   * them, times a rater's change in a cell, summed over the raters, stay within a long.
   */
  private static final long MAX_WEIGHTED_COUNT = 1 << 14;

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * The targets of the copies check ({@link #outOfPoolCancelsDownToFewerThanN}) for a combination a record shows,
   * for {@link PendingChanges#combinationFewerThanExplain}: the combination's change plus or minus the last published
   * parts in it of the other groups of its cells that publish nothing in it now ({@link #goneOrBack}: each group gone
   * from the records or come back to them between the two records compared), read as the combination reads (n folded
   * as {@link PendingChanges#termN} folds it, the signed sums, the signed squares or, without them, the sums again).
   * Each cell on its own can pass where the combination does not: copies of OTHER's forms beside a victim's answer
   * and two answers moved between CHANGE and FOCUS, which cancel in the two cells summed (twenty-fourth review): once
   * OTHER left the pool, the leader cells summed, less the record's before the copies, were the victim's answers.
   * Empty when no such group shows or showed a part.
   *
   * @param terms per term of the combination, its parts being published (bits)
   * @param involved all the parts this change publishes in the combination
   * @param leaving the parts of the groups among them read as leaving after the change
   *     ({@link #publishingGroupsLeaving}): gone in every target, and out of {@code terms}
   * @param publishedParts the parts with a published value (bits)
   */
  private Targets copiesTargets(Combination combination, long[] terms, long involved, long leaving,
      long publishedParts) {
    long candidates = combination.all() & publishedParts & ~SELF_PARTS;
    Targets targets = targets();
    if (candidates == 0 && leaving == 0) {
      return targets.none();
    }
    targets.cleared();
    long[] others = targets.others;
    int[] ways = targets.ways;
    long[] net = targets.net;
    int groups = 0;
    for (long on = candidates; on != 0;) {
      int group = Long.numberOfTrailingZeros(on) / CELLS;
      long groupParts = combination.all() & (((1L << CELLS) - 1) << (group * CELLS));
      on &= ~groupParts;
      boolean gone = (groupParts & leaving) != 0;
      if ((groupParts & involved) != 0 && !gone) {
        continue;
      }
      for (int t = 0; t < terms.length; t++) {
        long part = combination.cells()[t] & groupParts;
        if (part != 0) {
          int from = Long.numberOfTrailingZeros(part) * 3;
          if (gone) {
            readInto(net, 0, -publishedTotals[from], -publishedTotals[from + 1], -publishedTotals[from + 2], t,
                combination);
          } else {
            readInto(others, groups * 3, publishedTotals[from], publishedTotals[from + 1], publishedTotals[from + 2],
                t, combination);
          }
        }
      }
      if (!gone) {
        ways[groups++] = readings(combination.all() & publishedParts, group);
      }
    }
    if (groups == 0 && leaving == 0) {
      return targets.none();
    }
    for (int t = 0; t < terms.length; t++) {
      for (long on = terms[t]; on != 0; on &= on - 1) {
        int at = Long.numberOfTrailingZeros(on) * 3;
        readInto(net, 0, cellTotals[at] - publishedTotals[at], cellTotals[at + 1] - publishedTotals[at + 1],
            cellTotals[at + 2] - publishedTotals[at + 2], t, combination);
      }
    }
    goneOrBack(net, others, groups, ways, targets);
    if (leaving != 0) {
      // The groups leaving are gone in every reading: the net less their parts (the ways' first, before the others)
      // is a target of its own too.
      targets.from = 0;
    }
    return targets;
  }

  /**
   * Whether the combination, read with some of the groups that publish parts of it now leaving the pool after this
   * change, moves by what fewer than N raters changed: their new parts then show in no record, and the record after
   * they left differs from one before this change by the other groups' batches less those groups' last published
   * parts (and plus or minus other groups' parts: {@link #copiesTargets}). Twenty-eighth review: OTHER's forms copied
   * into PEER beside a victim's answer and two answers moved between cells, while a relabel with an edit published a
   * part of OTHER in the same change, so that OTHER, publishing, was never read as leaving; once its raters were
   * withdrawn, the leader cells summed, less those before the copies, were the victim's answers. Only where two or more
   * groups publish parts of the combination (one alone leaving leaves no batch to read).
   */
  private boolean publishingGroupsLeaving(Combination combination, long[] terms, long involved,
      long publishedParts) {
    Targets scratch = targets();
    int groups = 0;
    long[] groupParts = scratch.groupParts;
    for (int group = 0; group < GROUPS; group++) {
      long parts = involved & (((1L << CELLS) - 1) << (group * CELLS));
      if (parts != 0 && group != RaterGroup.SELF.ordinal()) {
        groupParts[groups++] = parts;
      }
    }
    if (groups < 2) {
      return false;
    }
    for (int set = 1; set < (1 << groups) - 1; set++) {
      long leaving = 0;
      for (int g = 0; g < groups; g++) {
        if ((set & 1 << g) != 0) {
          leaving |= groupParts[g];
        }
      }
      long[] staying = scratch.staying(terms.length);
      for (int t = 0; t < terms.length; t++) {
        staying[t] = terms[t] & ~leaving;
      }
      if (combinationFewerThanExplain(combination, staying,
          copiesTargets(combination, staying, involved, leaving, publishedParts), false)) {
        return true;
      }
    }
    return false;
  }

  private static final long[] NO_TARGETS = new long[0];

  /** {@link PendingChanges#combinationFewerThanExplain} of the combination's terms, with the targets. */
  private boolean combinationFewerThanExplain(Combination combination, long[] terms, Targets targets,
      boolean checkNet) {
    return pending.combinationFewerThanExplain(terms, combination.signs(), readsSquares(combination),
        config.minChange(), targets.values, targets.from, targets.to, checkNet);
  }

  /** Adds totals of a part of term {@code t} into {@code into} at {@code at}, as the combination reads them. */
  private void readInto(long[] into, int at, long n, long sum, long squares, int t, Combination combination) {
    long sign = combination.signs()[t];
    into[at] += PendingChanges.termN(n, t, combination.summed());
    into[at + 1] += sign * sum;
    into[at + 2] += sign * (readsSquares(combination) ? squares : sum);
  }

  /** Whether a reader reads the combination's squares: from the sds a record shows, unless they are withheld. */
  private boolean readsSquares(Combination combination) {
    return combination.withSquares() && !withholdsSd();
  }

  /**
   * The third figure the publication rule's checks read of the totals at {@code at}: the sum of squares, which a
   * record's sd gives, or, where sd is withheld ({@link ScoringConfig#withholdsSd}), the sum again. With no sd
   * published no figure a reader sees moves with the squares alone, and a batch that waited because of them would be
   * the one place they showed (review 73: a rater's correction that moved the squares by as much as a co-rater's
   * 2, 2 would, and the wait told the rater so).
   */
  private long read(long[] totals, int at) {
    return withholdsSd() ? totals[at + 1] : totals[at + 2];
  }

  /**
   * Whether the team withholds sd: where the rule says so, and wherever a change reached it while the rule did
   * ({@link #squaresFromSums}).
   */
  boolean withholdsSd() {
    return config.withholdsSd() || squaresFromSums;
  }

  /** The parts with a published value (bits). */
  private long publishedParts() {
    long parts = 0;
    for (int part = 0; part < PARTS; part++) {
      if (publishedTotals[part * 3] != 0) {
        parts |= 1L << part;
      }
    }
    return parts;
  }

  /**
   * Cells (their parts, bits) added or subtracted, as a reader of one record can; {@code all} their parts, {@code
   * summed} whether every sign is +1.
   */
  private record Combination(long[] cells, long[] signs, boolean withSquares, long all, boolean summed, boolean plain,
      boolean means) {

    /** Read as sums, and also as means where a record shows it so ({@code selfBalance}, its mixes, {@code gap}). */
    Combination(long[] cells, long[] signs, boolean withSquares) {
      this(cells, signs, withSquares, LongStream.of(cells).reduce(0, (a, b) -> a | b),
          LongStream.of(signs).allMatch(sign -> sign > 0), true,
          (LongStream.of(cells).reduce(0, (a, b) -> a | b) & SELF_PARTS) != 0);
    }

    /**
     * Read as means only (a {@code balance}, whose cells the pairs of cells read as sums already): each term's cells
     * pooled into one mean.
     */
    static Combination ofMeans(long[] cells, long[] signs) {
      return new Combination(cells, signs, false, LongStream.of(cells).reduce(0, (a, b) -> a | b), false, false,
          true);
    }
  }

  private static final List<Combination> COMBINATIONS = combinations();

  private static List<Combination> combinations() {
    long[] pooled = new long[CELLS];
    long[] self = new long[CELLS];
    for (int cell = 0; cell < CELLS; cell++) {
      pooled[cell] = POOLED_PARTS[cell];
      self[cell] = 1L << (RaterGroup.SELF.ordinal() * CELLS + cell);
    }
    int leader = Pole.LEADER.ordinal();
    int manager = Pole.MANAGER.ordinal();
    int axes = CELLS / POLES;
    List<Combination> all = new ArrayList<>();
    for (int a = 0; a < CELLS; a++) {
      for (int b = a + 1; b < CELLS; b++) {
        all.add(new Combination(new long[] {pooled[a], pooled[b]}, new long[] {1, 1}, true));
        all.add(new Combination(new long[] {pooled[a], pooled[b]}, new long[] {1, -1}, true));
      }
    }
    long[] leaders = new long[axes];
    long[] managers = new long[axes];
    long[] both = new long[2 * axes];
    long[] plus = new long[axes];
    long[] balance = new long[2 * axes];
    for (int axis = 0; axis < axes; axis++) {
      leaders[axis] = pooled[axis * POLES + leader];
      managers[axis] = pooled[axis * POLES + manager];
      both[axis] = leaders[axis];
      both[axes + axis] = managers[axis];
      plus[axis] = 1;
      balance[axis] = 1;
      balance[axes + axis] = -1;
    }
    all.add(new Combination(leaders, plus, true));
    all.add(new Combination(managers, plus, true));
    all.add(new Combination(both, balance, true));
    // Each axis's balance and the overall balance, as the differences of means the records show.
    long allLeaders = 0;
    long allManagers = 0;
    for (int axis = 0; axis < axes; axis++) {
      all.add(Combination.ofMeans(new long[] {leaders[axis], managers[axis]}, new long[] {1, -1}));
      allLeaders |= leaders[axis];
      allManagers |= managers[axis];
    }
    all.add(Combination.ofMeans(new long[] {allLeaders, allManagers}, new long[] {1, -1}));
    for (int axis = 0; axis < axes; axis++) {
      long selfLeader = self[axis * POLES + leader];
      long selfManager = self[axis * POLES + manager];
      all.add(new Combination(new long[] {selfLeader, selfManager}, new long[] {1, -1}, false));
      all.add(new Combination(new long[] {selfLeader, selfManager, leaders[axis], managers[axis]},
          new long[] {1, -1, -1, 1}, false));
      for (int other = axis + 1; other < axes; other++) {
        long otherLeader = self[other * POLES + leader];
        long otherManager = self[other * POLES + manager];
        all.add(new Combination(new long[] {selfLeader, selfManager, otherLeader, otherManager},
            new long[] {1, -1, 1, -1}, false));
        all.add(new Combination(new long[] {selfLeader, selfManager, otherLeader, otherManager},
            new long[] {1, -1, -1, 1}, false));
      }
    }
    return List.copyOf(all);
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
    for (Answer answer : response.getAnswers()) {
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
      int oldSet = groupsOnCell(tally, cell);
      tally[base + 1 + cell] = checked(tally[base + 1 + cell] + sign);
      int newSet = groupsOnCell(tally, cell);
      if (oldSet != newSet) {
        if (oldSet != 0) {
          cellRaterSets[cell * SETS + oldSet]--;
        }
        if (newSet != 0) {
          cellRaterSets[cell * SETS + newSet]++;
        }
      }
      int at = (group * CELLS + cell) * 3;
      cellTotals[at] += sign * n;
      cellTotals[at + 1] += sign * byCell.get(cell * 3 + 1);
      cellTotals[at + 2] += sign * byCell.get(cell * 3 + 2);
      new Totals(cellTotals[at], cellTotals[at + 1], cellTotals[at + 2]); // throws if inconsistent
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
    int[] tally = tallies.get(rater);
    changedRater = rater;
    changedTally = tally == null ? new int[RATER_TALLY_LENGTH] : tally;
    tallyAsRead = targets().tallyAsRead(changedTally.length);
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

  /** What the participation shows of the team: roster counters and each group's counted raters. */
  /** The groups in the pool (bits by group): those with at least k raters. */
  private int pool() {
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
      PendingChanges.Rater rater = pending.rater(i);
      if ((rater.parts & bit) == 0) {
        continue;
      }
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

  /** The set (bit mask of group ordinals) of groups in which the rater scored the cell. */
  private static int groupsOnCell(int[] tally, int cell) {
    int set = 0;
    for (int group = 0; group < GROUPS; group++) {
      if (tally[group * TALLY_STRIDE + 1 + cell] > 0) {
        set |= 1 << group;
      }
    }
    return set;
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

  /** Distinct raters, over the given groups, who scored at least one item of the cell. */
  int distinctRaters(Cell cell, Set<RaterGroup> groups) {
    return countSets(cellRaterSets, cell, groups);
  }

  private static int countSets(int[] sets, Cell cell, Set<RaterGroup> groups) {
    return countSets(sets, cell, mask(groups));
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
        PackedCounters.pack(cellTotals), PackedCounters.pack(cellRaterSets), PackedCounters.pack(publishedTotals),
        PackedCounters.pack(publishedRaterSets), pending.pack(), PackedCounters.pack(partChangedAt), firstChangeAt,
        publishedAt, PackedCounters.pack(roster), participationAt, PackedCounters.pack(steadyGroups), selfPolesAlone,
        squaresFromSums);
  }

  /**
   * Restores the working form from the persisted one to apply changes; {@code state} null is an empty team.
   *
   * @param tallies where the team's rater tallies are read and written
   * @param config the publication rule the state was built with
   */
  public static TeamAggregate fromState(TeamAggregateState state, RaterTallies tallies, ScoringConfig config) {
    TeamAggregate aggregate = new TeamAggregate(tallies, config);
    if (state == null) {
      return aggregate;
    }
    aggregate.responses = state.getResponses();
    PackedCounters.unpack(state.getGroupRaters(), aggregate.groupRaters, "team group raters");
    PackedCounters.unpack(state.getCells(), aggregate.cellTotals, "team cell totals");
    PackedCounters.unpack(state.getCellRaters(), aggregate.cellRaterSets, "team cell raters");
    PackedCounters.unpack(state.getPublishedCells(), aggregate.publishedTotals, "team published cell totals");
    PackedCounters.unpack(state.getPublishedCellRaters(), aggregate.publishedRaterSets, "team published cell raters");
    aggregate.squaresFromSums = state.getSquaresFromSums();
    aggregate.pending = PendingChanges.unpack(state.getPending());
    aggregate.pending.readSquares(!aggregate.withholdsSd());
    PackedCounters.unpack(state.getPartChangedAt(), aggregate.partChangedAt, "team part change times");
    aggregate.firstChangeAt = state.getFirstChangeAt();
    aggregate.publishedAt = state.getPublishedAt();
    PackedCounters.unpack(state.getRoster(), aggregate.roster, "team participation");
    aggregate.participationAt = state.getParticipationAt();
    PackedCounters.unpack(state.getPartSteadyGroups(), aggregate.steadyGroups, "team part steady groups");
    aggregate.selfPolesAlone = state.getSelfPolesAlone();
    return aggregate;
  }

  /**
   * Restores a team for reading its scores only (interactive queries): every figure {@link ScoreCalculator} needs
   * is in the team's own state; adding or subtracting a response fails.
   */
  public static TeamAggregate fromState(TeamAggregateState state, ScoringConfig config) {
    return fromState(state, new RaterTallies() {
      @Override
      public int[] get(String raterId) {
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
