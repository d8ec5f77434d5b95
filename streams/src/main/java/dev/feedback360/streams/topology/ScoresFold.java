package dev.feedback360.streams.topology;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.PackedCounters;
import dev.feedback360.streams.scoring.RaterTallies;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The production topology's rules folded directly over the records of the responses topic, in memory, without
 * Kafka Streams: for analysts' fast replays (docs/replay.md). Per record it does what {@code LatestResponseProcessor}
 * and {@code TeamAggregateProcessor} do, in the same order and through the same classes: the misplaced-record check
 * ({@link InputPartitioning}), the validity checks, the {@link InputScope}, the {@link LatestResponseRule}, the
 * {@link TeamAggregate#contribution} of each side, one {@link TeamAggregate#change} per team (a correction within a
 * team is one change, a move between teams a subtraction then an addition), at the same event time
 * ({@link SubmittedAtTimestampExtractor}'s). The scores of every team at the end are then what the topology last
 * published for it, when the changes reach each team in the same order: with one input partition always; with
 * several, the topology's own interleaving of partitions is not fixed either, and any interleaving this fold is fed
 * is one the topology may take (docs/replay.md, "Fast replay").
 *
 * <p>State is kept compact so that a million responses fit a small heap: per key, its encoded bytes and what the
 * team needs of the counted response (its team, group, cells packed as varints, submission time), never the
 * response itself; per team, the aggregate with its rater tallies packed as varints.
 */
public final class ScoresFold {

  /** A record the topology would send to its dead-letter topic, and why. */
  public record DeadLetter(RuntimeException reason) {}

  private final ScoreCalculator calculator;
  private final InputScope scope;
  private final InputPartitioning partitioning;
  private final AvroSerde<ResponseKey> keySerde = AvroSerdes.responseKey();
  private final AvroSerde<SurveyResponse> responseSerde = AvroSerdes.surveyResponse();
  private final Map<Key, Counted> latest = new HashMap<>();
  private final Map<TeamKey, TeamAggregate> teams = new LinkedHashMap<>();
  /** Teams by cycle and team id, so that the many references to one team share one key. */
  private final Map<TeamKey, TeamKey> teamKeys = new HashMap<>();
  /** Per input partition: the greatest event time so far (Kafka Streams' partition time). */
  private final Map<Integer, Long> partitionTime = new HashMap<>();

  public ScoresFold(ScoreCalculator calculator, InputScope scope, InputPartitioning partitioning) {
    this.calculator = Objects.requireNonNull(calculator, "calculator");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.partitioning = Objects.requireNonNull(partitioning, "partitioning");
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
   *     the topology stops there too)
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
    long eventTime;
    if (value != null) {
      eventTime = value.getSubmittedAt().toEpochMilli();
    } else {
      eventTime = timestamp >= 0 ? timestamp : Math.max(partitionTime.getOrDefault(partition, -1L), 0);
    }
    if (eventTime < 0) {
      // Kafka Streams drops a record with a negative event time before any processor sees it.
      return null;
    }
    partitionTime.merge(partition, eventTime, Math::max);
    try {
      if (key == null) {
        throw new InvalidResponseException("Record has no key; expected a ResponseKey");
      }
      partitioning.requireOnItsPartition(keySerde.encode(key), partition);
      if (value != null) {
        ResponseChecks.requireValid(key, value);
      }
    } catch (InvalidResponseException e) {
      return new DeadLetter(e);
    }
    if (!scope.includesKey(key) || (value != null && !scope.includesSubmission(value))) {
      return null;
    }
    Key stored = new Key(keyBytes);
    Counted current = latest.get(stored);
    Instant at = Instant.ofEpochMilli(eventTime);
    Transition transition = value == null ? withdraw(current, at) : submit(current, value);
    if (transition.state != current) {
      latest.put(stored, transition.state);
    }
    if (transition.before != null || transition.after != null) {
      forward(key.getRaterId(), transition.before, transition.after, at);
    }
    return null;
  }

  /**
   * Every team the input reached, in the order first reached: its scores, or null (a tombstone) for a team whose
   * responses all stopped counting, which is the last record the topology wrote for it.
   */
  public void forEachTeam(BiConsumer<TeamKey, TeamScores> sink) {
    teams.forEach((team, aggregate) -> sink.accept(team, aggregate.isEmpty() ? null
        : calculator.scores(team, aggregate)));
  }

  /** Teams reached so far. */
  public int teams() {
    return teams.size();
  }

  /** Keys whose state is held (a counted response or an erasure). */
  public int keys() {
    return latest.size();
  }

  /** The rule of {@link LatestResponseRule#submit}, on the compact state; the rule itself decides. */
  private Transition submit(Counted current, SurveyResponse incoming) {
    long digest = digest(responseSerde.encode(incoming));
    ResponseState state = current == null ? null : current.asRuleState(incoming, digest);
    LatestResponseRule.Decision decision = LatestResponseRule.submit(state, incoming);
    if (!decision.changed()) {
      return new Transition(current, null, null);
    }
    Counted next = Counted.of(decision.state(), team(incoming), digest);
    return new Transition(next, decision.before() == null ? null : current, next);
  }

  /** The rule of {@link LatestResponseRule#withdraw}, on the compact state. */
  private Transition withdraw(Counted current, Instant withdrawnAt) {
    ResponseState state = current == null ? null : current.asRuleState(null, 0);
    LatestResponseRule.Decision decision = LatestResponseRule.withdraw(state, withdrawnAt);
    Counted next = Counted.of(decision.state(), null, 0);
    return new Transition(next, decision.changed() ? current : null, null);
  }

  private void forward(String rater, Counted before, Counted after, Instant at) {
    if (before != null && after != null && before.team.equals(after.team)) {
      change(after.team, before.contribution(rater), after.contribution(rater), at);
      return;
    }
    if (before != null) {
      change(before.team, before.contribution(rater), null, at);
    }
    if (after != null) {
      change(after.team, null, after.contribution(rater), at);
    }
  }

  private void change(TeamKey team, ResponseContribution before, ResponseContribution after, Instant at) {
    TeamAggregate aggregate = teams.computeIfAbsent(team,
        t -> TeamAggregate.withTallies(new PackedTallies(), calculator.config()));
    aggregate.change(before, after, at);
  }

  private TeamKey team(SurveyResponse response) {
    TeamKey team = new TeamKey(response.getCycleId(), response.getTeamId());
    TeamKey shared = teamKeys.putIfAbsent(team, team);
    return shared == null ? team : shared;
  }

  /** What one record did: the new state (null = none), what stopped and what started counting. */
  private record Transition(Counted state, Counted before, Counted after) {}

  /** A key's encoded bytes, compared by content. */
  private static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.hash == hash && Arrays.equals(key.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * The compact state of one key: what the rule needs of the counted response (its submission time, and a digest
   * of its encoding to tell an exact duplicate), the erasure time, and what its team needs (team, group, cells).
   */
  private static final class Counted {
    /** The counted response's team; null when nothing counts (withdrawn). */
    final TeamKey team;
    final long submittedAt;
    final long digest;
    final long erasedThrough;
    final byte group;
    /** Per cell n, sum, sum of squares as varints ({@link PackedCounters}); empty when no score. */
    final byte[] cells;

    private Counted(TeamKey team, long submittedAt, long digest, long erasedThrough, byte group, byte[] cells) {
      this.team = team;
      this.submittedAt = submittedAt;
      this.digest = digest;
      this.erasedThrough = erasedThrough;
      this.group = group;
      this.cells = cells;
    }

    static Counted of(ResponseState state, TeamKey team, long digest) {
      long erased = state.getErasedThrough() == null ? Long.MIN_VALUE : state.getErasedThrough().toEpochMilli();
      SurveyResponse counted = state.getCounted();
      if (counted == null) {
        return new Counted(null, 0, 0, erased, (byte) 0, null);
      }
      ByteBuffer packed = PackedCounters.pack(TeamAggregate.contributionCells(counted));
      byte[] bytes = new byte[packed.remaining()];
      packed.get(bytes);
      return new Counted(team, counted.getSubmittedAt().toEpochMilli(), digest, erased,
          (byte) counted.getRaterGroup().ordinal(), bytes);
    }

    /**
     * This state as the rule's input, for an incoming response with {@code incomingDigest} (null and 0 for a
     * withdrawal). The rule reads the counted response's submission time and compares it with the incoming one
     * for equality only: an exact duplicate (the same encoding) is stood in for by the incoming response itself,
     * anything else by a stand-in with the counted response's submission time that equals no real response.
     */
    ResponseState asRuleState(SurveyResponse incoming, long incomingDigest) {
      Instant erased = erasedThrough == Long.MIN_VALUE ? null : Instant.ofEpochMilli(erasedThrough);
      SurveyResponse counted = null;
      if (team != null) {
        counted = incoming != null && digest == incomingDigest
            && incoming.getSubmittedAt().toEpochMilli() == submittedAt ? incoming : standIn(submittedAt);
      }
      return new ResponseState(counted, erased);
    }

    ResponseContribution contribution(String rater) {
      List<Long> values = new ArrayList<>(cells.length == 0 ? 0 : TeamAggregate.CONTRIBUTION_LENGTH);
      if (cells.length > 0) {
        long[] unpacked = new long[TeamAggregate.CONTRIBUTION_LENGTH];
        PackedCounters.unpack(ByteBuffer.wrap(cells), unpacked, "replay contribution");
        for (long v : unpacked) {
          values.add(v);
        }
      }
      return new ResponseContribution(rater, RaterGroup.values()[group], values);
    }
  }

  /** A response that equals no response read from a topic (its ids are empty, which the checks refuse). */
  private static SurveyResponse standIn(long submittedAt) {
    return SurveyResponse.newBuilder().setResponseId("").setCycleId("").setTeamId("").setSubjectId("")
        .setRaterId("").setRaterGroup(RaterGroup.OTHER).setSubmittedAt(Instant.ofEpochMilli(submittedAt))
        .setInstrumentId("").setInstrumentVersion(0).setAnswers(List.of()).build();
  }

  /** 64 bits of the canonical encoding of a response (FNV-1a, then a final mix). */
  private static long digest(byte[] bytes) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    return hash ^ (hash >>> 33);
  }

  /** One team's rater tallies, each packed as varints: a fraction of the memory of an int array per rater. */
  private static final class PackedTallies implements RaterTallies {
    private final Map<String, byte[]> tallies = new HashMap<>();

    @Override
    public int[] get(String raterId) {
      byte[] packed = tallies.get(raterId);
      if (packed == null) {
        return null;
      }
      int[] tally = new int[TeamAggregate.TALLY_LENGTH];
      PackedCounters.unpack(ByteBuffer.wrap(packed), tally, "replay rater tally");
      return tally;
    }

    @Override
    public void put(String raterId, int[] tally) {
      ByteBuffer packed = PackedCounters.pack(tally);
      if (!packed.hasRemaining()) {
        tallies.remove(raterId);
        return;
      }
      byte[] bytes = new byte[packed.remaining()];
      packed.get(bytes);
      tallies.put(raterId, bytes);
    }
  }
}
