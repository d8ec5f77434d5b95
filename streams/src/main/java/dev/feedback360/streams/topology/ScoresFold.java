package dev.feedback360.streams.topology;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.CountedSummary;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.PackedCounters;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The production topology's rules folded directly over the records of the responses topic, in memory, without
 * Kafka Streams: for analysts' fast replays (docs/replay.md). Per record it does what {@code LatestResponseProcessor}
 * and {@code TeamAggregateProcessor} do, in the same order and through the same classes: the misplaced-record check
 * ({@link InputPartitioning}), the validity checks, the {@link InputScope}, the {@link LatestResponseRule}, the
 * {@link ResponseStates#summary summary} and contribution of each side, one {@link TeamAggregate#change} per team (a
 * correction within a team is one change, a move between teams a subtraction then an addition), at the same event
 * time ({@link SubmittedAtTimestampExtractor}'s). The scores of every team at the end are then what the topology
 * last published for it, when the changes reach each team in the same order: with one input partition always; with
 * several, the topology's own interleaving of partitions is not fixed either, and any interleaving this fold is fed
 * is one the topology may take (docs/replay.md, "Fast replay").
 *
 * <p>State is kept compact so that a million responses fit a small heap (docs/replay.md, "Memory"): per key, its
 * compacted bytes ({@link CompactKey}) and what the team needs of the counted response (its team, group, cells
 * packed as varints, submission time), never the response itself; per team, its aggregate, in its working form (some
 * kilobytes however few its raters) while changed lately and packed as the team store keeps it otherwise ({@link
 * HeldTeams}), and its rater tallies packed as varints.
 *
 * <p>A {@linkplain #pipelined pipelined} fold applies the team changes on threads of their own, each team's on one
 * thread in the order the records produced them (one queue per thread), while the caller's thread decodes, checks
 * and decides the next records: the same changes in the same order on each team as the sequential fold, so the
 * same results, with teams folded side by side.
 */
public final class ScoresFold implements AutoCloseable {

  /** A record the topology would send to its dead-letter topic, and why. */
  public record DeadLetter(RuntimeException reason) {}

  private static final RaterGroup[] GROUPS = RaterGroup.values();
  private static final long[] NO_CELLS = new long[0];

  private final ScoreCalculator calculator;
  /** Whether the rule reads the answers' squares: not where sd is withheld ({@link ScoringConfig#withholdsSd}). */
  private final boolean squaresRead;
  private final InputScope scope;
  private final InputPartitioning partitioning;
  private final AvroSerde<ResponseKey> keySerde = AvroSerdes.responseKey();
  private final AvroSerde<SurveyResponse> responseSerde = AvroSerdes.surveyResponse();
  /** Response keys, compacted; the state of key id i is at index i of the arrays below. */
  private final ByteKeyTable keys = new ByteKeyTable();
  private final CompactKey keyBuffer = new CompactKey();
  /** The counted response's team index, or -1 when nothing counts (never counted, or withdrawn). */
  private int[] countedTeam = new int[1024];
  private byte[] countedGroup = new byte[1024];
  private long[] countedSubmittedAt = new long[1024];
  /** The counted response's {@link ResponseDigest}: tells an exact duplicate from a replacement. */
  private long[] countedDigest = new long[1024];
  /** Where the counted response's cells are ({@link #cells}); -1 when it has no score. */
  private long[] countedCells = new long[1024];
  /** Responses submitted at or before this never count again; Long.MIN_VALUE when never withdrawn. */
  private long[] erasedThrough = new long[1024];
  /** Per key id that moved to another team: the response that left ({@link RosterRule#settle}'s movedFrom). */
  private final Map<Integer, CountedSummary> movedFrom = new HashMap<>();
  /**
   * Per key id: where {@link #earlierLists} holds the key's {@link KeyHistory#earlierCells} then its {@link
   * KeyHistory#earlierForms}, as the key's state keeps them ({@link #keepEarlier}); 0 for a key never corrected (most
   * keys). Packed as varints in one entry, a corrected key's lists take about half the bytes of two arrays of their
   * own (the cells' fingerprints are full 64-bit hashes; the forms' counts and sums are small numbers).
   */
  private long[] earlierAt = new long[1024];
  private final ByteArena earlierLists = new ByteArena();
  /** Per cell n, sum, sum of squares of counted responses as varints, each prefixed by its length. */
  private final ByteArena cells = new ByteArena();
  /** The teams, in their working form or packed, and their rater tallies: team t in {@code held[t % threads]}. */
  private final HeldTeams[] held;
  /** Teams, compacted (cycle id, team id); the team of id i is at index i of the lists below. */
  private final ByteKeyTable teamKeys = new ByteKeyTable();
  private final CompactKey teamKeyBuffer = new CompactKey();
  private final List<TeamKey> teams = new ArrayList<>();
  /** Per input partition: the greatest event time so far (Kafka Streams' partition time), -1 before any. */
  private long[] partitionTime = new long[0];
  private final long currentKeyFingerprint;
  /** Where the team changes go: applied at once, or queued for the team threads. */
  private final TeamChanges changes;

  /**
   * Teams held in their working form by default, split evenly between the team threads (2,048 each on two); the
   * others are packed ({@link HeldTeams}). The bench's million responses change about 2,000 teams side by side within
   * a cycle. A bound for the fold, not per thread: the heap it takes is the same on any number of cores (review 70:
   * 2,048 per thread on eight threads ran a 512 MiB replay into full collections).
   */
  public static final int WORKING_TEAMS = 4096;

  /** A fold that applies everything on the caller's thread. */
  public ScoresFold(ScoreCalculator calculator, InputScope scope, InputPartitioning partitioning) {
    this(calculator, scope, partitioning, 0, 1, WORKING_TEAMS);
  }

  private ScoresFold(ScoreCalculator calculator, InputScope scope, InputPartitioning partitioning, int batch,
      int threads, int workingTeams) {
    this.calculator = Objects.requireNonNull(calculator, "calculator");
    this.squaresRead = !calculator.config().withholdsSd();
    this.scope = Objects.requireNonNull(scope, "scope");
    this.partitioning = Objects.requireNonNull(partitioning, "partitioning");
    this.currentKeyFingerprint = AvroSerde.writerFingerprint(keySerde.encode(new ResponseKey("", "", "")));
    this.held = new HeldTeams[threads];
    for (int i = 0; i < threads; i++) {
      held[i] = new HeldTeams(i, threads, workingTeams, calculator.config());
    }
    this.changes = batch == 0 ? new TeamChanges.Direct() : new TeamChanges.Queued(batch, threads);
  }

  /**
   * A fold whose team changes are applied on {@code threads} threads of their own, each team on one, handed over
   * {@code batch} changes at a time: the same results as the sequential fold. Close it when done (its threads stop);
   * {@link #forEachTeam} waits for the threads to apply every change first.
   *
   * @param batch team changes per hand-over, at least 1
   * @param threads team threads, at least 1
   */
  public static ScoresFold pipelined(ScoreCalculator calculator, InputScope scope, InputPartitioning partitioning,
      int batch, int threads) {
    return pipelined(calculator, scope, partitioning, batch, threads, Math.max(1, WORKING_TEAMS / threads));
  }

  /**
   * A {@linkplain #pipelined(ScoreCalculator, InputScope, InputPartitioning, int, int) pipelined fold} whose team
   * threads each hold at most {@code workingTeams} teams in their working form, the rest packed: a smaller heap for
   * many teams, at the CPU of packing and restoring a team where the teams changed side by side outnumber them.
   */
  public static ScoresFold pipelined(ScoreCalculator calculator, InputScope scope, InputPartitioning partitioning,
      int batch, int threads, int workingTeams) {
    if (batch < 1) {
      throw new IllegalArgumentException("A pipelined fold hands over at least 1 change at a time, not " + batch);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("A pipelined fold needs at least 1 team thread, not " + threads);
    }
    return new ScoresFold(calculator, scope, partitioning, batch, threads, workingTeams);
  }

  /**
   * Applies one record of the responses topic.
   *
   * @param partition the record's partition
   * @param keyBytes its key as read
   * @param valueBytes its value as read, null for a withdrawal
   * @param timestamp its timestamp
   * @return null when the record was applied or left out as the topology leaves it out (out of scope, stale), or
   *     the dead letter the topology would write for it
   * @throws IllegalStateException as the topology's processors throw it (the input is inconsistent with the rules;
   *     the topology stops there too); a pipelined fold throws a team change's exception at a later record or in
   *     {@link #forEachTeam}, and nothing after it is applied
   */
  public DeadLetter apply(int partition, byte[] keyBytes, byte[] valueBytes, long timestamp) {
    ResponseKey key;
    SurveyResponse value;
    try {
      key = keySerde.decode(keyBytes);
      value = responseSerde.decode(valueBytes);
    } catch (RuntimeException e) {
      return new DeadLetter(e);
    }
    long partitionTimeBefore = partitionTime(partition); // grows the array first when the partition is new
    // As SubmittedAtTimestampExtractor: a submittedAt the app cannot use (EventTimes) is dead-lettered below.
    long submittedAt = value == null ? -1 : value.getSubmittedAt().toEpochMilli();
    long eventTime = value != null
        ? EventTimes.extracted(submittedAt, timestamp, partitionTimeBefore)
        : EventTimes.fallback(timestamp, partitionTimeBefore);
    partitionTime[partition] = Math.max(partitionTimeBefore, eventTime);
    try {
      InputPartitioning.requireKey(key, "Record");
      partitioning.requireOnItsPartition(encoded(key, keyBytes), partition, value == null);
      if (value != null) {
        ResponseChecks.requireValid(key, value);
        if (submittedAt != eventTime) {
          throw new InvalidResponseException(EventTimes.refusal("submittedAt", submittedAt, eventTime));
        }
      }
    } catch (InvalidResponseException e) {
      return new DeadLetter(e);
    }
    if (!scope.includesKey(key) || (value != null && !scope.includesSubmission(value))) {
      return null;
    }
    // Keyed by the decoded key, as the topology's store is (a key written with an older schema is the same key).
    keyBuffer.clear().putString(key.getCycleId()).putString(key.getSubjectId()).putRater(key.getRaterId());
    int known = keys.size();
    int id = keys.findOrAdd(keyBuffer.bytes(), 0, keyBuffer.size());
    if (keys.size() > known) {
      if (id >= countedTeam.length) {
        grow(countedTeam.length * 2);
      }
      countedTeam[id] = -1;
      countedCells[id] = -1;
      erasedThrough[id] = Long.MIN_VALUE;
    }
    Instant at = Instant.ofEpochMilli(eventTime);
    if (value == null) {
      withdraw(id, key.getRaterId(), at);
    } else {
      submit(id, key.getRaterId(), value, at);
    }
    return null;
  }

  /**
   * Every team the input reached, in the order first reached: its scores, or null (a tombstone) for a team whose
   * responses all stopped counting, which is the last record the topology wrote for it. A pipelined fold first
   * waits for its team threads to apply every change; no record can be applied after.
   *
   * @throws IllegalStateException or another runtime exception a team change threw on a team thread
   */
  public void forEachTeam(BiConsumer<TeamKey, TeamScores> sink) {
    finish();
    for (int team = 0; team < teams.size(); team++) {
      TeamAggregate aggregate = heldBy(team).forReading(team);
      sink.accept(teams.get(team), aggregate.isEmpty() ? null : calculator.scores(teams.get(team), aggregate));
    }
  }

  /** Teams reached so far. */
  public int teams() {
    return teams.size();
  }

  /**
   * How many times a team was packed to make room for another in its thread's working teams ({@link HeldTeams}); read
   * it after {@link #finish}.
   */
  public long teamsPacked() {
    long packed = 0;
    for (HeldTeams teams : held) {
      packed += teams.packings();
    }
    return packed;
  }

  /** Keys whose state is held (a counted response or an erasure). */
  public int keys() {
    return keys.size();
  }

  /**
   * Returns once every record applied so far has changed its teams (at once for a sequential fold; a pipelined one
   * waits for its team threads); no record can be applied after.
   *
   * @throws IllegalStateException or another runtime exception a team change threw on a team thread
   */
  public void finish() {
    changes.finish();
  }

  /** Stops a pipelined fold's team threads, whatever they were doing; nothing for a sequential fold. */
  @Override
  public void close() {
    changes.close();
  }

  /** {@link LatestResponseRule#submit} on the key's compact state; the rule itself decides. */
  private void submit(int id, String rater, SurveyResponse incoming, Instant at) {
    long[] cellValues = TeamAggregate.contributionCells(incoming, squaresRead);
    CountedSummary summary = ResponseStates.summary(incoming, cellValues);
    LatestResponseRule.Decision decision = LatestResponseRule.submit(ruleState(id), summary);
    if (!decision.changed()) {
      return;
    }
    int beforeTeam = countedTeam[id];
    ResponseContribution before = beforeTeam < 0 ? null : contribution(id, rater);
    int team = team(incoming);
    countedTeam[id] = team;
    countedGroup[id] = (byte) incoming.getRaterGroup().ordinal();
    countedSubmittedAt[id] = incoming.getSubmittedAt().toEpochMilli();
    countedDigest[id] = summary.getDigest();
    countedCells[id] = cellValues.length == 0 ? -1 : cells.append(cellValues);
    ResponseContribution after = contribution(rater, countedGroup[id], cellValues);
    List<Long> earlier = List.of();
    List<Long> forms = List.of();
    if (before != null) {
      long[] kept = earlier(id);
      int keptCells = earlierCellCount(id);
      List<Long> keptEarlier = TeamAggregate.cells(Arrays.copyOf(kept, keptCells));
      earlier = KeyHistory.earlierCells(keptEarlier, before.getRaterGroup(), before.getCells(),
          after.getRaterGroup(), after.getCells());
      List<Long> keptForms = TeamAggregate.cells(Arrays.copyOfRange(kept, keptCells, kept.length));
      forms = KeyHistory.earlierForms(keptForms, before.getRaterGroup(), before.getCells(), after.getRaterGroup(),
          after.getCells());
      if (earlier != keptEarlier || forms != keptForms) {
        keepEarlier(id, earlier, forms);
      }
    }
    if (before != null && beforeTeam == team) {
      // A correction of a key erased once counts nowhere; one that puts cells back is a revert (RosterRule#changes).
      int uncounted = erasedThrough[id] != Long.MIN_VALUE
          ? KeyHistory.erasedKeyCells(before.getCells(), after.getCells())
          : KeyHistory.revertedCells(earlier, forms, cameFromAnotherTeam(id, team), before.getRaterGroup(),
              before.getCells(), after.getRaterGroup(), after.getCells(), squaresRead);
      change(team, before, after, RosterRule.movedCells(movedFrom.get(id), summary) | uncounted, at);
      return;
    }
    // An arrival from another team counts nowhere, like the departure, and so does a response entering the scores
    // after the key's were erased (RosterRule#changes).
    int moved = before == null && erasedThrough[id] == Long.MIN_VALUE ? 0 : TeamAggregate.scoredCells(after.getCells());
    if (before != null) {
      movedFrom.put(id, new CountedSummary(teams.get(beforeTeam).getTeamId(), before.getRaterGroup(), 0L, 0L,
          before.getCells()));
      // A departure to another team counts nowhere (RosterRule#changes).
      change(beforeTeam, before, null, TeamAggregate.scoredCells(before.getCells()), at);
    }
    change(team, null, after, moved, at);
  }

  /** Whether the key's response came into {@code team} from another team, as {@code movedFrom} of its state says. */
  private boolean cameFromAnotherTeam(int id, int team) {
    CountedSummary from = movedFrom.get(id);
    return from != null && !from.getTeamId().equals(teams.get(team).getTeamId());
  }

  /** {@link LatestResponseRule#withdraw} on the key's compact state. */
  private void withdraw(int id, String rater, Instant at) {
    LatestResponseRule.Decision decision = LatestResponseRule.withdraw(ruleState(id), at);
    Instant erased = decision.state().getErasedThrough();
    erasedThrough[id] = erased == null ? Long.MIN_VALUE : erased.toEpochMilli();
    if (decision.changed()) {
      int team = countedTeam[id];
      ResponseContribution before = contribution(id, rater);
      countedTeam[id] = -1;
      countedCells[id] = -1;
      movedFrom.remove(id);
      earlierAt[id] = 0;
      // A withdrawal counts nowhere, like a departure (RosterRule#changes).
      change(team, before, null, TeamAggregate.scoredCells(before.getCells()), at);
    }
  }

  /**
   * The key's state as the rule's input. The rule reads of the counted response its submission time and digest
   * only, so the summary carries just those (its team, group and cells stay in the fold's arrays).
   */
  private ResponseState ruleState(int id) {
    Instant erased = erasedThrough[id] == Long.MIN_VALUE ? null : Instant.ofEpochMilli(erasedThrough[id]);
    CountedSummary counted = countedTeam[id] < 0 ? null
        : new CountedSummary("", RaterGroup.OTHER, countedSubmittedAt[id], countedDigest[id], List.of());
    if (counted == null && erased == null) {
      return null;
    }
    return ResponseStates.of(counted, erased, null, false, true);
  }

  /** The counted response's contribution, from its compact state. */
  private ResponseContribution contribution(int id, String rater) {
    return contribution(rater, countedGroup[id], countedCells[id] < 0 ? NO_CELLS
        : cells.read(countedCells[id], TeamAggregate.CONTRIBUTION_LENGTH));
  }

  private static ResponseContribution contribution(String rater, byte group, long[] cellValues) {
    return new ResponseContribution(rater, GROUPS[group], TeamAggregate.cells(cellValues));
  }

  private void change(int team, ResponseContribution before, ResponseContribution after, int moved, Instant at) {
    changes.apply(heldBy(team), team, before, after, moved, at);
  }

  /** The teams of the thread that folds {@code team}. */
  private HeldTeams heldBy(int team) {
    return held[TeamChanges.Queued.threadOf(team, held.length)];
  }

  /** The response's team index, the team added when new. */
  private int team(SurveyResponse response) {
    teamKeyBuffer.clear().putString(response.getCycleId()).putString(response.getTeamId());
    int index = teamKeys.findOrAdd(teamKeyBuffer.bytes(), 0, teamKeyBuffer.size());
    if (index == teams.size()) {
      teams.add(new TeamKey(response.getCycleId(), response.getTeamId()));
    }
    return index;
  }

  /** The partition's time, -1 before its first record. */
  private long partitionTime(int partition) {
    if (partition >= partitionTime.length) {
      int known = partitionTime.length;
      partitionTime = Arrays.copyOf(partitionTime, partition + 1);
      Arrays.fill(partitionTime, known, partitionTime.length, -1L);
    }
    return partitionTime[partition];
  }

  private void grow(int capacity) {
    countedTeam = Arrays.copyOf(countedTeam, capacity);
    countedGroup = Arrays.copyOf(countedGroup, capacity);
    countedSubmittedAt = Arrays.copyOf(countedSubmittedAt, capacity);
    countedDigest = Arrays.copyOf(countedDigest, capacity);
    countedCells = Arrays.copyOf(countedCells, capacity);
    erasedThrough = Arrays.copyOf(erasedThrough, capacity);
    earlierAt = Arrays.copyOf(earlierAt, capacity);
  }

  /** The key's earlier cells then its earlier forms ({@link #earlierAt}); empty for a key never corrected. */
  private long[] earlier(int id) {
    long handle = earlierAt[id] - 1;
    return handle < 0 ? NO_CELLS : earlierLists.read(handle >>> 16, (int) (handle >>> 8 & 0xff) + (int) (handle
        & 0xff));
  }

  /** How many of {@link #earlier(int)}'s values are the key's earlier cells (the rest are its earlier forms). */
  private int earlierCellCount(int id) {
    long handle = earlierAt[id] - 1;
    return handle < 0 ? 0 : (int) (handle >>> 8 & 0xff);
  }

  /**
   * Keeps the key's earlier cells and forms, packed together: the handle is one more than where they are, shifted
   * past their two counts (at most {@value KeyHistory#EARLIER_CELLS} and {@value KeyHistory#EARLIER_FORMS} forms,
   * each under 256).
   */
  private void keepEarlier(int id, List<Long> cells, List<Long> forms) {
    if (cells.size() > 0xff || forms.size() > 0xff) {
      throw new IllegalStateException("A key keeps " + cells.size() + " earlier cells and " + forms.size()
          + " earlier form values, more than the fast replay packs (255 each); replay with --mode topology");
    }
    if (cells.isEmpty() && forms.isEmpty()) {
      earlierAt[id] = 0;
      return;
    }
    long[] values = new long[cells.size() + forms.size()];
    for (int i = 0; i < cells.size(); i++) {
      values[i] = cells.get(i);
    }
    for (int i = 0; i < forms.size(); i++) {
      values[cells.size() + i] = forms.get(i);
    }
    long at = earlierLists.append(values);
    if (at >>> 47 != 0) {
      throw new IllegalStateException("The fast replay's earlier cells outgrew what it addresses; replay with --mode "
          + "topology");
    }
    earlierAt[id] = 1 + (at << 16 | (long) cells.size() << 8 | forms.size());
  }

  /**
   * The key's bytes as the topology's serializer writes them, whose partition it checks: the bytes as read when they
   * are that encoding already (nearly every record: the current schema, ASCII ids), else the serde's encoding.
   */
  private byte[] encoded(ResponseKey key, byte[] keyBytes) {
    return AvroSerde.writerFingerprint(keyBytes) == currentKeyFingerprint && isCurrentEncoding(keyBytes, key)
        ? keyBytes
        : keySerde.encode(key);
  }

  /**
   * Whether the body of single-object encoded key bytes (header not compared) is exactly the current schema's
   * encoding of {@code key}: each id as the shortest zig-zag varint of its length and its bytes, nothing after. Only
   * ASCII ids are compared (their characters are their UTF-8 bytes); any other id answers false.
   */
  static boolean isCurrentEncoding(byte[] bytes, ResponseKey key) {
    byte[] length = new byte[PackedCounters.MAX_VARINT_BYTES];
    int at = AvroSerde.HEADER_LENGTH;
    at = skipAscii(bytes, at, key.getCycleId(), length);
    at = skipAscii(bytes, at, key.getSubjectId(), length);
    at = skipAscii(bytes, at, key.getRaterId(), length);
    return at == bytes.length;
  }

  /**
   * Past an ASCII string written as Avro writes it at {@code at} (its length a zig-zag varint, {@link PackedCounters}'
   * encoding and Avro's), or -1 when that is not what is there.
   *
   * @param length room for the length's varint
   */
  private static int skipAscii(byte[] bytes, int at, String value, byte[] length) {
    if (at < 0) {
      return -1;
    }
    int lengthBytes = PackedCounters.writeVarint(value.length(), length, 0);
    if (bytes.length - at < lengthBytes + value.length()
        || !Arrays.equals(bytes, at, at + lengthBytes, length, 0, lengthBytes)) {
      return -1;
    }
    at += lengthBytes;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x80 || bytes[at + i] != (byte) c) {
        return -1;
      }
    }
    return at + value.length();
  }

  /** Appended varint-packed counter arrays in large shared chunks, each prefixed by its length in bytes. */
  private static final class ByteArena {
    private static final int CHUNK = ByteKeyTable.CHUNK;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] scratch = new byte[TeamAggregate.CONTRIBUTION_LENGTH * 10];
    private int used = CHUNK;

    long append(long[] values) {
      ByteBuffer packed = PackedCounters.pack(values);
      int length = packed.remaining();
      if (used + 2 + length > CHUNK) {
        chunks.add(new byte[CHUNK]);
        used = 0;
      }
      byte[] chunk = chunks.get(chunks.size() - 1);
      chunk[used] = (byte) (length >>> 8);
      chunk[used + 1] = (byte) length;
      packed.get(chunk, used + 2, length);
      long at = ((long) (chunks.size() - 1) << 32) | used;
      used += 2 + length;
      return at;
    }

    long[] read(long at, int count) {
      byte[] chunk = chunks.get((int) (at >>> 32));
      int offset = (int) at;
      int length = ((chunk[offset] & 0xff) << 8) | (chunk[offset + 1] & 0xff);
      if (length > scratch.length) {
        scratch = new byte[length];
      }
      System.arraycopy(chunk, offset + 2, scratch, 0, length);
      long[] values = new long[count];
      PackedCounters.unpack(ByteBuffer.wrap(scratch, 0, length), values, "replay contribution");
      return values;
    }
  }
}
