package dev.feedback360.streams.scoring;

import static dev.feedback360.streams.scoring.TeamAggregate.CELLS;
import static dev.feedback360.streams.scoring.TeamAggregate.CELL_OF;
import static dev.feedback360.streams.scoring.TeamAggregate.CELL_PARTS;
import static dev.feedback360.streams.scoring.TeamAggregate.GROUPS;
import static dev.feedback360.streams.scoring.TeamAggregate.PARTS;
import static dev.feedback360.streams.scoring.TeamAggregate.POLES;
import static dev.feedback360.streams.scoring.TeamAggregate.POOLED_PARTS;
import static dev.feedback360.streams.scoring.TeamAggregate.SELF_PARTS;

import dev.feedback360.avro.RaterGroup;
import java.util.Arrays;

/**
 * The publication rule's checks for one team (docs/privacy.md, "The rule"): which of the parts a change touched are
 * published now, each part's batch on its own and the parts one change publishes together, and what the rule keeps
 * between changes to decide it (what the records since showed of each part's cell, the SELF poles published alone).
 * The totals, what is published of them and the pending changes are the team's ({@link TeamAggregate}); the checks
 * read them and change none of them. With N = 1 a change publishes every part it changed.
 */
final class PublicationChecks {

  private final TeamAggregate team;
  private final ScoringConfig config;
  /** The team's totals per part: n, sum and sum of squares. */
  private final long[] cellTotals;
  /** The team's totals per part as last published. */
  private final long[] publishedTotals;
  /** The team's distinct raters per group. */
  private final int[] groupRaters;
  /** The team's raters whose contribution to a part differs from the published one. */
  private final PendingChanges pending;
  /**
   * Per part, what is known of the other groups' parts of its cell in the records since the part was last published
   * ({@link #keepSteadyGroups}): bits 0 to 4, the groups whose part every record since showed (never gone from one);
   * bits 5 to 9, those whose part none showed. 0 knows nothing, which reads every group both ways (the copies checks,
   * {@link #readings}). Persisted with the team's state.
   */
  final int[] steadyGroups = new int[PARTS];
  /**
   * Per axis a, bit 2a (leader) or 2a + 1 (manager): the SELF pole that was published alone first
   * ({@link #withSelfPolesTogether}, {@link #keepSelfPolesAlone}); 0 while neither has been. Persisted with the
   * team's state.
   */
  int selfPolesAlone;

  PublicationChecks(TeamAggregate team, ScoringConfig config, long[] cellTotals, long[] publishedTotals,
      int[] groupRaters, PendingChanges pending) {
    this.team = team;
    this.config = config;
    this.cellTotals = cellTotals;
    this.publishedTotals = publishedTotals;
    this.groupRaters = groupRaters;
    this.pending = pending;
  }

  /**
   * The parts a change publishes of those it {@code touched} (bits): each whose batch may be published on its own
   * ({@link #publishable}), less those the checks of parts published together hold, with the parts they join.
   */
  long publishing(long touched) {
    long publishing = 0;
    for (long on = touched; on != 0; on &= on - 1) {
      int part = Long.numberOfTrailingZeros(on);
      if (publishable(part)) {
        publishing |= 1L << part;
      }
    }
    // A pooled pole beside a SELF part that may leave brings the other pole's publishable parts with it (review 125's
    // freeze). The cells a move links publish together: a linked part joins the change where it may, and a part whose
    // linked parts the other checks then hold waits too, until nothing more is held (twenty-ninth review).
    long checked = withSelfPolesTogether(withoutUnlinkedMoves(withPooledPolesJoined(publishing), true), true);
    long previous = 0;
    while (previous != checked) {
      previous = checked;
      checked = withSelfPolesTogether(
          withoutUnlinkedMoves(withoutCombinationCancellations(withoutPooledCancellations(checked)), false), false);
    }
    return checked;
  }

  /**
   * After a change that {@code published} those parts (bits), the pool being {@code poolBefore} before it: what the
   * rule keeps of the records ({@link #keepSteadyGroups}, {@link #keepSelfPolesAlone}).
   */
  void published(long published, int poolBefore) {
    keepSteadyGroups(published, poolBefore);
    keepSelfPolesAlone(published);
  }

  /**
   * Whether the part's batch may be published on its own: N raters changed it, and not by fewer (the rule); and, for
   * SELF, while at least k self-raters show it. SELF pools with no other group, so a part it published under k would
   * be shown by no record, and every check after it would read SELF's records against that part instead of the one
   * they showed (review 124, at N below k: five self forms withdrawn, SELF's part {S1 corrected, S20, S21} published
   * under k = 4, then the withdrawn forms copied into PEER beside a victim's form: the last record less the one
   * before the withdrawals was the victim's leader less manager answers less S1's own). It waits until SELF is back.
   * Never with N = 1, which publishes every change; at N = k and above SELF's part cannot have N counted raters under
   * k but where a self-rater blanked a whole form.
   */
  private boolean publishable(int part) {
    return pending.count(part) >= config.minChange() && countedChanges(part) >= config.minChange()
        && (config.minChange() == 1 || (SELF_PARTS & (1L << part)) == 0
            || groupRaters[RaterGroup.SELF.ordinal()] >= config.minRaters())
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
    if (pending.fewerThanMake(parts, config.minChange(), targets.values, targets.from, targets.to)) {
      return true;
    }
    return leftBesideOthersChangesFewerThanN(parts, dormant & (out | withUncounted(dormant)), targets);
  }

  /**
   * Whether the {@code parts}' net change less the last published parts of some of the cell's other groups ({@code
   * left}: out of the pool, or in it with uncounted changes pending there) is, in the count, the sum and the squares,
   * what fewer than N of the raters pending on the parts and those groups changed, summed per rater: a record from
   * before those groups left the pool showed their parts, one after this batch and their leaving shows none, and a
   * rater whose withdrawal (or move) took a group out, or will, is pending there, uncounted. Review 117: OTHER {W,
   * O2, O3}; O3's withdrawal took OTHER out, W's and O2's forms were copied into PEER under new ids beside V's first
   * answer, and PEER's batch less OTHER's part was V's answer less O3's: CHANGE leader, after the batch less before
   * the withdrawal, was those two raters. Review 119: the same with a late rater O4 bringing OTHER back before the
   * batch (it shows its last published part, O3's answer in it, until it publishes again) and W's withdrawal taking
   * it out after. Exact matches only, as {@link PendingChanges#cellFewerThanExplain} reads records so far apart. Uses
   * {@code targets}' net. A group in the pool whose pending changes all count (first answers, corrections) holds no
   * one's whole part taken out, and adds nothing the copies check's own search ({@link PendingChanges#fewerThanMake})
   * does not read.
   */
  private boolean leftBesideOthersChangesFewerThanN(long parts, long left, Targets targets) {
    if (left == 0) {
      return false;
    }
    long[] others = targets.others;
    int[] ways = targets.ways;
    int groups = 0;
    for (long on = left; on != 0; on &= on - 1, groups++) {
      int other = Long.numberOfTrailingZeros(on);
      System.arraycopy(publishedTotals, other * 3, others, groups * 3, 3);
      others[groups * 3 + 2] = read(publishedTotals, other * 3);
      ways[groups] = readings(parts, other / CELLS) & GONE;
    }
    goneOrBack(targets.net, others, groups, ways, targets);
    // Nothing as a target (V's answer equal to O3's) is not read here: V's answer is then exactly the opposite of
    // O3's withdrawal, and counts towards N nowhere (PendingChanges#fewerThanExplain pairs them).
    return pending.cellFewerThanMakeExactly(parts | left, config.minChange(), targets.values, targets.from,
        targets.to);
  }

  /** Whether some rater's change is pending on one of the {@code parts}. */
  private boolean anyPending(long parts) {
    for (long on = parts; on != 0; on &= on - 1) {
      if (pending.count(Long.numberOfTrailingZeros(on)) > 0) {
        return true;
      }
    }
    return false;
  }

  /** Those of the {@code parts} with an uncounted change pending (a withdrawal, a move, a revert). */
  private long withUncounted(long parts) {
    long with = 0;
    for (long on = parts; on != 0; on &= on - 1) {
      int part = Long.numberOfTrailingZeros(on);
      if (pending.count(part) > pending.countCounted(part)) {
        with |= 1L << part;
      }
    }
    return with;
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
    if (config.minChange() == 1 || published == 0 && team.pool() == poolBefore) {
      // Every change publishes, and nothing reads them; or what a record shows is what it showed after the change
      // before (a cell's mean and the parts in it move only with the pool and with what is published).
      return;
    }
    int pool = team.pool() & ~(1 << RaterGroup.SELF.ordinal());
    int publishingGroups = 0;
    for (int group = 0; group < GROUPS; group++) {
      if ((published & (((1L << CELLS) - 1) << (group * CELLS))) != 0) {
        publishingGroups |= 1 << group;
      }
    }
    for (int cell = 0; cell < CELLS; cell++) {
      int shown = 0;
      if (ScoreCalculator.shows(team, CELL_OF[cell], pool, config)) {
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
      long parts = pending.partsOf(i);
      if ((parts & bit) == 0 || (parts & ~cellOf) == 0) {
        continue;
      }
      PendingChanges.Rater rater = pending.rater(i);
      if ((rater.counted & bit) != 0) {
        continue;
      }
      for (Combination combination : Combination.ALL) {
        if (!combination.asSums() || (combination.all() & (1L << part)) == 0
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
   * selfBalances summed and subtracted, selfBalance less balance (gap) and selfBalance plus balance. Those a record
   * shows as differences of means (selfBalance, its mixes, gap, each axis's balance and the overall balance) are also
   * read weighted by their terms' counts ({@link #meansMoveByFewerThanN}). Only the parts a record shows count: a
   * group below k shows nothing. And a pooled pole of SELF's combinations waits for the other while SELF's part may
   * leave the records ({@link #onePoleBesideSelfLeaving}), also where it would publish alone. Never with N = 1.
   */
  private long withoutCombinationCancellations(long publishing) {
    if (config.minChange() == 1 || publishing == 0) {
      return publishing;
    }
    // One part alone is its own check's, but for a pole of a SELF combination publishing without the other (reviews
    // 120 and 121).
    boolean alone = Long.bitCount(publishing) < 2;
    long shown = shownParts();
    long publishedParts = publishedParts();
    if (alone && (publishedParts & SELF_PARTS) == 0) {
      return publishing; // no SELF part beside which a pole may wait (onePoleBesideSelfLeaving)
    }
    long result = publishing;
    Targets scratch = targets();
    boolean held = true;
    while (held) {
      held = false;
      for (Combination combination : Combination.ALL) {
        if (alone && (combination.all() & SELF_PARTS & publishedParts) == 0) {
          continue;
        }
        long[] terms = scratch.terms(combination.cells().length);
        long involved = 0;
        int nonEmpty = 0;
        for (int t = 0; t < terms.length; t++) {
          terms[t] = combination.cells()[t] & result & shown;
          involved |= terms[t];
          nonEmpty += terms[t] != 0 ? 1 : 0;
        }
        if (!alone && (nonEmpty > 1 && combination.asSums() && (combinationFewerThanExplain(combination, terms,
            copiesTargets(combination, terms, involved, 0, publishedParts), true)
            || publishingGroupsLeaving(combination, terms, involved, publishedParts)
            || outOfPoolCombinationFewerThanN(combination, terms, shown, publishedParts))
            || nonEmpty > 0 && combination.means() && meansMoveByFewerThanN(combination, terms, result, shown))
            || nonEmpty > 0 && combination.asSums() && onePoleBesideSelfLeaving(combination, terms, shown,
                publishedParts)) {
          result &= ~involved;
          held = true;
        }
      }
    }
    return result;
  }

  /**
   * Whether a combination of SELF's cells with the pooled ones, between a record from before groups of its cells left
   * the pool (below k now, or free to leave it after this change, with a published part there) and the record after
   * this change and their leaving, moves by what fewer than N raters changed: the parts it publishes change by their
   * net, and the groups' last published parts leave. Read with the terms of each sign as one cell (their counts
   * added), as forms moved between SELF and the pooled groups keep their count there, and with the raters pending on
   * the groups' parts, the withdrawals that took them out, or will, among them. SELF pools with no other group, so no
   * cell's own check reads this. Two ways:
   *
   * <ul>
   *   <li>that difference, for any set of those groups, made by fewer than N of those raters, or nothing (review 117:
   *       Z's withdrawal took PEER {K, W, Z} out; K's and W's forms, S5's and S6's self-assessments filed as PEER,
   *       were sent again as SELF beside S4's first self-rating: selfBalance plus balance, after less before Z's
   *       withdrawal, was S4's answers less Z's, and nothing where S4's leader less manager was Z's; the same the
   *       other way round, a self-rater's withdrawal taking SELF out and self forms copied into PEER; review 119: the
   *       same with a late peer bringing PEER back before S4's rating and K's withdrawal taking it out after);
   *   <li>the whole change read with the groups' pending changes, made by fewer than N (review 115: K's and W's
   *       forms withdrawn, which took PEER out, then sent again as SELF beside S4's, with Z still there); not fewer
   *       than N less one for the raters still there, whose parts leave too: they may be among those pending (review
   *       120: the subject, still in SELF, answering as a peer of a colleague in the batch that completed the copies).
   * </ul>
   *
   * Only the groups with a published part there are read: one that never had any showed nothing in any record.
   *
   * @param terms per term of the combination, its parts being published (bits)
   * @param shown the parts of the groups a record shows (at least k raters)
   * @param publishedParts the parts with a published value (bits)
   */
  private boolean outOfPoolCombinationFewerThanN(Combination combination, long[] terms, long shown,
      long publishedParts) {
    if ((combination.all() & SELF_PARTS) == 0 || (combination.all() & ~SELF_PARTS) == 0) {
      return false;
    }
    long publishing = 0;
    for (long term : terms) {
      publishing |= term;
    }
    // The groups with published parts of the combination's cells that this change does not publish, out of the pool
    // now (a record from before they left showed those parts) or with uncounted changes pending there (in the pool
    // and free to leave it after this change, a withdrawal pending, review 119); read only where some of them have
    // raters pending.
    Targets scratch = targets();
    long[] groupParts = scratch.groupParts;
    int groups = 0;
    int outGroups = 0;
    long inPoolParts = 0;
    boolean withPending = false;
    long candidates = combination.all() & publishedParts & ~publishing;
    // Those out of the pool first: the sets of them alone are the targets 1 to 2^outGroups - 1.
    for (int inPool = 0; inPool < 2; inPool++) {
      for (int group = 0; group < GROUPS && candidates != 0; group++) {
        long parts = candidates & (((1L << CELLS) - 1) << (group * CELLS));
        if (parts != 0 && (inPool == 0 ? (parts & ~shown) != 0
            : (parts & ~shown) == 0 && withUncounted(parts) != 0)) {
          groupParts[groups++] = parts;
          withPending |= anyPending(parts);
        }
      }
      if (inPool == 0) {
        outGroups = groups;
      } else {
        for (int g = outGroups; g < groups; g++) {
          inPoolParts |= groupParts[g];
        }
      }
    }
    if (!withPending) {
      return false;
    }
    long[] bySign = scratch.staying(2);
    bySign[0] = 0;
    bySign[1] = 0;
    // What the record after this change, and after the groups of each set leave the pool, less one from before they
    // left differs by: the terms' net change less those groups' last published parts, one target per set.
    int sets = (1 << groups) - 1;
    long[] left = scratch.values(3 * (sets + 1));
    Arrays.fill(left, 0, 3 * (sets + 1), 0);
    boolean withSquares = readsSquares(combination);
    for (int t = 0; t < terms.length; t++) {
      int slot = combination.signs()[t] > 0 ? 0 : 1;
      bySign[slot] |= terms[t];
      for (long on = terms[t]; on != 0; on &= on - 1) {
        int at = Long.numberOfTrailingZeros(on) * 3;
        readInto(left, 0, cellTotals[at] - publishedTotals[at], cellTotals[at + 1] - publishedTotals[at + 1],
            cellTotals[at + 2] - publishedTotals[at + 2], slot, false, combination.signs()[t], withSquares);
      }
    }
    for (int g = 0; g < groups; g++) {
      // Set s holds group g where bit g of s + 1 is on; the sets read so far are copied with this group's part less.
      long[] part = scratch.net;
      Arrays.fill(part, 0);
      for (int t = 0; t < terms.length; t++) {
        int slot = combination.signs()[t] > 0 ? 0 : 1;
        long groupTerm = combination.cells()[t] & groupParts[g];
        bySign[slot] |= groupTerm;
        for (long on = groupTerm; on != 0; on &= on - 1) {
          int at = Long.numberOfTrailingZeros(on) * 3;
          readInto(part, 0, -publishedTotals[at], -publishedTotals[at + 1], -publishedTotals[at + 2], slot, false,
              combination.signs()[t], withSquares);
        }
      }
      int from = 1 << g;
      for (int set = 0; set < from; set++) {
        for (int i = 0; i < 3; i++) {
          left[3 * (from + set) + i] = left[3 * set + i] + part[i];
        }
      }
    }
    // Nothing where the record after would show the combination as one from before the groups left did: S4's
    // leader less manager equal to Z's, which Z then reads as their own (a batch whose net is nothing waits for the
    // same reason, netIsNothing). A form in SELF is not the opposite of one withdrawn from PEER, so no pairing
    // holds it.
    for (int at = 3; at < 3 * (sets + 1); at += 3) {
      if (left[at] == 0 && left[at + 1] == 0 && left[at + 2] == 0) {
        return true;
      }
    }
    // The sets of groups out of the pool alone as the combinations' copies checks read (review 117); those with a
    // group still in the pool only exactly, as a cell's own check reads records so far apart, and only by raters
    // among whom one has an uncounted change there (the withdrawal that will take the group out): read by any
    // raters, such coincidences held about a sixth of the bench's teams otherwise than before.
    int outSets = 1 << outGroups;
    long outOnly = 0;
    for (int g = 0; g < outGroups; g++) {
      outOnly |= groupParts[g];
    }
    // The terms with the parts of the groups out of the pool (the terms are all shown, so those parts are the
    // combination's published parts that no record shows now), read by both readings of those groups.
    long[] outBySign = new long[2]; // reached only where groups left the pool or may leave it beside SELF's change
    for (int t = 0; t < terms.length; t++) {
      outBySign[combination.signs()[t] > 0 ? 0 : 1] |= terms[t] | combination.cells()[t] & outOnly;
    }
    if (outGroups > 0 && pending.combinationFewerThanExplain(outBySign, PLUS_MINUS, withSquares, config.minChange(),
        left, 3, 3 * outSets, false)
        || pending.combinationFewerThanMakeExactly(bySign, PLUS_MINUS, withSquares, config.minChange(), left,
            3 * outSets, 3 * (sets + 1), inPoolParts)) {
      return true;
    }
    // The groups out of the pool: the whole change, read with their pending changes, made by fewer than N (review
    // 115). Not fewer than N less one where raters still hold answers there, whose parts leave too: they may be
    // among the raters pending (review 120: the subject, still in SELF, answering as a peer of a colleague).
    if (outOnly == 0 || !anyPending(outOnly)) {
      return false;
    }
    return pending.combinationFewerThanExplain(outBySign, PLUS_MINUS, withSquares, config.minChange(), NO_TARGETS,
        0, 0, true);
  }

  /**
   * Whether a combination of SELF's cells with the pooled ones would publish one of its pooled poles without the other
   * while SELF's part there may leave the records or has left them (out of the pool with raters pending there, or a
   * self-rater's form gone from it since it was published): its terms would then publish in two changes, and a
   * reader compares records across both, which no change's check reads (review 120: S5's and S6's self-assessments
   * withdrawn, which took SELF out, and sent again as PEER forms; PEER's leader part published with V's first answer,
   * leader items only, and its manager part later with the attacker's own manager-only form; the leader's change less
   * the manager's less SELF's last `selfBalance` was V's answer less the attacker's; review 121: the same with each
   * copy split into a leader form and a manager form under two new ids, or its manager items sent in a second save).
   * Such a pole waits until the other publishes with it, and then the combination's own checks read the whole change
   * ({@link #outOfPoolCombinationFewerThanN}).
   *
   * @param terms per term of the combination, its parts being published (bits)
   * @param shown the parts of the groups a record shows
   */
  private boolean onePoleBesideSelfLeaving(Combination combination, long[] terms, long shown, long publishedParts) {
    long self = combination.all() & SELF_PARTS & publishedParts;
    if (self == 0 || (combination.all() & ~SELF_PARTS) == 0) {
      return false; // pooled groups' parts that leave are read by their cells' own checks, part by part
    }
    int readPoles = 0; // pooled poles a record reads the combination through, now or once they publish
    int publishingPoles = 0;
    long publishing = 0;
    for (int t = 0; t < terms.length; t++) {
      publishing |= terms[t];
      long pole = combination.cells()[t];
      if ((pole & SELF_PARTS) == 0) {
        // A pole with no published part in a shown group and nothing pending shows no mean and has nothing to
        // publish: no record reads the combination through it (review 122: pooled raters answering leader items
        // only, whose leader pole waited for good). One with changes pending may publish its first part later, and
        // a record from before it had any reads its figures as nothing, exactly (review 123: SELF published before
        // any pooled manager part; copies of two self forms pending on both poles, a victim's leader-only form
        // published the leader pole alone, and the attacker's manager-only form then the manager pole). Also where
        // its group is under k: it may come into the pool later (review 125: the manager halves of the copies sent
        // into DIRECT_REPORT under k, the leader halves into OTHER beside the victim's leader-only form, which
        // published the leader pole; OTHER then left with a withdrawal, and the attacker's manager-only form brought
        // DIRECT_REPORT in and published the manager pole alone). The price: one rater's form under k holds the
        // other pole (review 124), until SELF publishes again or both poles publish in one change.
        readPoles += (pole & shown & publishedParts) != 0 || anyPending(pole) ? 1 : 0;
        publishingPoles += terms[t] != 0 ? 1 : 0;
      }
    }
    if (publishingPoles == 0 || publishingPoles >= readPoles) {
      return false;
    }
    return selfPartLeaving(self & ~publishing, shown);
  }

  /**
   * Whether SELF's published {@code parts} (bits), which this change does not publish, may leave the records or have
   * left them: out of the pool with raters pending there, or a rater's form gone from them since they were published
   * (a withdrawal, a move). A correction or a revert pending there takes no one's part out.
   */
  private boolean selfPartLeaving(long parts, long shown) {
    return (parts & ~shown) != 0 ? anyPending(parts) : pending.anyLeft(parts);
  }

  /**
   * The parts to publish with a pooled pole of an axis where the change publishes the other pole's parts and not
   * these, while SELF's part of the axis may leave the records ({@link #onePoleBesideSelfLeaving}, which makes the
   * first pole wait for this one): the other pole's shown parts whose own batches may be published join the change,
   * whose combinations' checks then read both poles at once. Without the join two poles whose raters each answer one
   * pole (peers the leader items, direct reports the manager items) are never published by one change and waited for
   * good after a self-rater's withdrawal (review 125's liveness runs: 30 rounds of one of each). Shown parts only: a
   * part of a group under k that published would no longer be pending, and the first pole would then publish alone
   * beside it (review 125: the manager halves of the copies published under k, unseen). Only where N is k or more:
   * below k a pooled part is published under k, unseen (docs/privacy.md, "Parts published under k"), and joined poles
   * let review 124's runs read the victim's axes at k = 6 and N = 3 (16 of 16 readable, none before the join).
   */
  private long withPooledPolesJoined(long publishing) {
    if (config.minChange() == 1 || config.minChange() < config.minRaters() || (publishing & ~SELF_PARTS) == 0) {
      return publishing;
    }
    long published = publishedParts();
    if ((published & SELF_PARTS) == 0) {
      return publishing;
    }
    long shown = shownParts();
    long result = publishing;
    for (int leaderCell = 0; leaderCell < CELLS; leaderCell += POLES) {
      long leaders = POOLED_PARTS[leaderCell] & shown;
      long managers = POOLED_PARTS[leaderCell + 1] & shown;
      boolean leaderPublishing = (result & leaders) != 0;
      if (leaderPublishing == ((result & managers) != 0)) {
        continue; // neither pole publishes, or both do
      }
      long self = (3L << (RaterGroup.SELF.ordinal() * CELLS + leaderCell)) & published & ~result;
      if (self == 0 || !selfPartLeaving(self, shown)) {
        continue;
      }
      for (long on = (leaderPublishing ? managers : leaders) & ~result; on != 0; on &= on - 1) {
        int part = Long.numberOfTrailingZeros(on);
        if (pending.count(part) > 0 && publishable(part)) {
          result |= 1L << part;
        }
      }
    }
    return result;
  }

  /** The parts of the groups a record shows: those with at least k raters. */
  private long shownParts() {
    long shown = 0;
    for (int group = 0; group < GROUPS; group++) {
      if (groupRaters[group] >= config.minRaters()) {
        shown |= ((1L << CELLS) - 1) << (group * CELLS);
      }
    }
    return shown;
  }

  /** The signs of {@link #outOfPoolCombinationFewerThanN}'s two terms. */
  private static final long[] PLUS_MINUS = {1, -1};

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
    readInto(into, at, n, sum, squares, t, combination.summed(), combination.signs()[t], readsSquares(combination));
  }

  /**
   * Adds totals of a term {@code t} (its index for the n folded, {@link PendingChanges#termN}; {@code summed} when
   * every term is added) with its {@code sign} into {@code into} at {@code at}: n folded, the signed sum, and the
   * signed squares or, where they are not read, the sum again.
   */
  private static void readInto(long[] into, int at, long n, long sum, long squares, int t, boolean summed,
      long sign, boolean squaresRead) {
    into[at] += PendingChanges.termN(n, t, summed);
    into[at + 1] += sign * sum;
    into[at + 2] += sign * (squaresRead ? squares : sum);
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

  /** The team's targets and terms for this thread ({@link Scratch#targets}). */
  private Targets targets() {
    return team.scratch().targets;
  }

  /** Whether the team withholds sd ({@link TeamAggregate#withholdsSd}). */
  private boolean withholdsSd() {
    return team.withholdsSd();
  }
}
