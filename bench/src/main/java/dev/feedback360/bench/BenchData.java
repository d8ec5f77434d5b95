package dev.feedback360.bench;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Channel;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Utils;

/**
 * Benchmark input made directly as serialized Avro records (no CSV, no validation pass), deterministic for a seed.
 *
 * <p>Shape: {@code teams} teams of about a dozen rated subjects each, {@code cycles} survey cycles; every subject is
 * rated by themself, the team head (MANAGER), four peers, six direct reports and two people from another team, so
 * a team-cycle counts about 150 live responses. Of the N records, {@code correctionRate} are corrections (same key,
 * later submission, one score changed) and {@code withdrawalRate} are withdrawals (tombstones, record timestamp =
 * withdrawal time); the rest are first submissions. Records are ordered by event time within each cycle, cycles one
 * after the other, as a live survey would deliver them.
 */
public final class BenchData {

  /** Raters per subject: SELF, MANAGER, 4 PEER, 6 DIRECT_REPORT, 2 OTHER. */
  static final int RATERS_PER_SUBJECT = 14;
  static final int PEERS = 4;
  static final int DIRECT_REPORTS = 6;
  static final Instant START = Instant.parse("2025-01-06T08:00:00Z");
  static final Duration CYCLE_WINDOW = Duration.ofDays(14);
  private static final String[] ITEMS = {"CHANGE_L1", "CHANGE_L2", "CHANGE_M1", "CHANGE_M2", "FOCUS_L1", "FOCUS_L2",
      "FOCUS_M1", "FOCUS_M2", "HORIZON_L1", "HORIZON_L2", "HORIZON_M1", "HORIZON_M2"};
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * One serialized record; a null value is a withdrawal. Records are sent without a timestamp (the producer's
   * clock), as the produce and withdraw commands send them; {@code timestamp} is the event time the generator
   * ordered them by.
   */
  public record Record(byte[] key, byte[] value, long timestamp) {

    /** Key plus value bytes. */
    public int size() {
      return key.length + (value == null ? 0 : value.length);
    }
  }

  /**
   * The generated input and what it holds.
   *
   * @param records in send order
   * @param teamCycles distinct (team, cycle) pairs with at least one response
   * @param originals first submissions
   * @param corrections later submissions under an existing key
   * @param withdrawals tombstones
   * @param lastEventTime the latest event time in the data
   */
  public record Dataset(List<Record> records, int teamCycles, int originals, int corrections, int withdrawals,
      Instant lastEventTime) {

    /** Mean key plus value size in bytes. */
    public double meanRecordBytes() {
      return records.stream().mapToLong(Record::size).average().orElse(0);
    }
  }

  private final int teams;
  private final int cycles;
  private final int subjectsPerTeam;
  private final AvroSerde<ResponseKey> keySerde = AvroSerdes.responseKey();
  private final AvroSerde<SurveyResponse> valueSerde = AvroSerdes.surveyResponse();

  /**
   * @param teams teams, at least 2 (OTHER raters come from another team)
   * @param cycles survey cycles
   * @param responses total records N the dataset will have; sizes the teams
   * @param correctionRate share of N that are corrections
   * @param withdrawalRate share of N that are withdrawals
   */
  public BenchData(int teams, int cycles, int responses, double correctionRate, double withdrawalRate) {
    if (teams < 2 || cycles < 1 || responses < 1) {
      throw new IllegalArgumentException("Need at least 2 teams, 1 cycle and 1 response, got teams=" + teams
          + ", cycles=" + cycles + ", responses=" + responses);
    }
    this.teams = teams;
    this.cycles = cycles;
    double originalsPerTeamCycle = responses * (1 - correctionRate - withdrawalRate) / ((double) teams * cycles);
    this.subjectsPerTeam = Math.max(1, (int) Math.ceil(originalsPerTeamCycle / RATERS_PER_SUBJECT));
  }

  /** Builds N records. */
  public Dataset generate(int responses, double correctionRate, double withdrawalRate, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int corrections = (int) Math.round(responses * correctionRate);
    int withdrawals = (int) Math.round(responses * withdrawalRate);
    int originals = responses - corrections - withdrawals;
    if (originals < 1) {
      throw new IllegalArgumentException("Corrections and withdrawals leave no first submissions");
    }
    // Originals are spread round-robin over team-cycles, each slot (subject, rater) used once.
    long[] events = new long[responses];
    long[] times = new long[responses];
    int teamCycles = teams * cycles;
    int[] filled = new int[teamCycles];
    for (int i = 0; i < originals; i++) {
      int tc = i % teamCycles;
      int slot = filled[tc]++;
      int cycle = tc / teams;
      times[i] = cycleStart(cycle) + random.nextLong(CYCLE_WINDOW.toMillis());
      events[i] = encodeEvent(0, tc, slot, 0);
    }
    for (int i = 0; i < corrections + withdrawals; i++) {
      int original = random.nextInt(originals);
      long delay = Duration.ofHours(1).toMillis() + random.nextLong(Duration.ofDays(3).toMillis());
      int kind = i < corrections ? 1 : 2;
      times[originals + i] = times[original] + delay + i % 1000;
      events[originals + i] = events[original] | ((long) kind << 62) | ((long) (random.nextInt(1 << 12)) << 50);
    }
    Integer[] order = new Integer[responses];
    for (int i = 0; i < responses; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int byCycle = Integer.compare(cycleOf(events[a]), cycleOf(events[b]));
      return byCycle != 0 ? byCycle : Long.compare(times[a], times[b]);
    });
    List<Record> records = new ArrayList<>(responses);
    long last = 0;
    for (int n = 0; n < responses; n++) {
      int i = order[n];
      records.add(record(events[i], times[i], i, random));
      last = Math.max(last, times[i]);
    }
    int used = 0;
    for (int f : filled) {
      used += f > 0 ? 1 : 0;
    }
    return new Dataset(records, used, originals, corrections, withdrawals, Instant.ofEpochMilli(last));
  }

  /**
   * A new first submission for the latency probe: a fresh rater (OTHER group) rating subject 0 of {@code team} in
   * the last cycle, submitted at {@code submittedAt} (the marker the probe finds in the team's scores). The rater is
   * chosen so that every probe response of a team lands in the same input partition ({@code team % partitions}):
   * a team's probe responses are then processed in the order sent, and each one's own scores record carries its
   * marker (updatedAt is the greatest event time applied, so a later response processed first would mask it).
   */
  public Record latencyResponse(int team, long sequence, Instant submittedAt, int partitions) {
    String cycle = cycleId(cycles - 1);
    String subject = subjectId(team, 0);
    ResponseKey key;
    byte[] keyBytes;
    String rater;
    long salt = 0;
    do {
      rater = pseudonym(0x7fff_0000_0000L + sequence * 1024 + salt++);
      key = new ResponseKey(cycle, subject, rater);
      keyBytes = keySerde.encode(key);
    } while (Utils.toPositive(Utils.murmur2(keyBytes)) % partitions != team % partitions);
    SurveyResponse value = response("lat-" + sequence, cycle, teamId(team), subject, rater, RaterGroup.OTHER,
        submittedAt, new SplittableRandom(sequence));
    return new Record(keyBytes, valueSerde.encode(value), submittedAt.toEpochMilli());
  }

  /** Teams. */
  public int teams() {
    return teams;
  }

  private static long encodeEvent(int kind, int teamCycle, int slot, int variant) {
    return ((long) kind << 62) | ((long) variant << 50) | ((long) teamCycle << 20) | slot;
  }

  private int cycleOf(long event) {
    int teamCycle = (int) ((event >>> 20) & 0x3FFF_FFFFL);
    return teamCycle / teams;
  }

  private Record record(long event, long time, int index, SplittableRandom random) {
    int kind = (int) (event >>> 62);
    int variant = (int) ((event >>> 50) & 0xFFF);
    int teamCycle = (int) ((event >>> 20) & 0x3FFF_FFFFL);
    int slot = (int) (event & 0xFFFFF);
    int team = teamCycle % teams;
    int cycle = teamCycle / teams;
    int subject = slot / RATERS_PER_SUBJECT;
    int role = slot % RATERS_PER_SUBJECT;
    RaterGroup group = groupOf(role);
    String rater = rater(team, subject, role);
    String cycleId = cycleId(cycle);
    String subjectId = subjectId(team, subject);
    ResponseKey key = new ResponseKey(cycleId, subjectId, rater);
    if (kind == 2) {
      return new Record(keySerde.encode(key), null, time);
    }
    // Scores depend on the key (and the correction variant), so a correction changes some of them.
    SplittableRandom scores = new SplittableRandom(((long) teamCycle << 20 | slot) * 31 + variant);
    SurveyResponse value = response(String.format(Locale.ROOT, "resp-%07d", index), cycleId, teamId(team),
        subjectId, rater, group, Instant.ofEpochMilli(time), scores);
    return new Record(keySerde.encode(key), valueSerde.encode(value), time);
  }

  private static SurveyResponse response(String id, String cycle, String team, String subject, String rater,
      RaterGroup group, Instant submittedAt, SplittableRandom random) {
    List<Answer> answers = new ArrayList<>(ITEMS.length);
    for (String item : ITEMS) {
      Axis axis = item.startsWith("CHANGE") ? Axis.CHANGE : item.startsWith("FOCUS") ? Axis.FOCUS : Axis.HORIZON;
      Pole pole = item.contains("_L") ? Pole.LEADER : Pole.MANAGER;
      Integer score = random.nextInt(20) == 0 ? null : 1 + random.nextInt(5);
      answers.add(new Answer(item, axis, pole, score));
    }
    return SurveyResponse.newBuilder()
        .setResponseId(id)
        .setCycleId(cycle)
        .setTeamId(team)
        .setSubjectId(subject)
        .setRaterId(rater)
        .setRaterGroup(group)
        .setSubmittedAt(submittedAt)
        .setInstrumentId("leadership-vs-management")
        .setInstrumentVersion(1)
        .setAnswers(answers)
        .setChannel(Channel.WEB)
        .build();
  }

  private static RaterGroup groupOf(int role) {
    if (role == 0) {
      return RaterGroup.SELF;
    }
    if (role == 1) {
      return RaterGroup.MANAGER;
    }
    if (role < 2 + PEERS) {
      return RaterGroup.PEER;
    }
    return role < 2 + PEERS + DIRECT_REPORTS ? RaterGroup.DIRECT_REPORT : RaterGroup.OTHER;
  }

  /** The rater of a slot: a person id turned into a 64-hex pseudonym, stable across cycles. */
  private String rater(int team, int subject, int role) {
    long person;
    if (role == 0) {
      person = memberId(team, subject);
    } else if (role == 1) {
      person = headId(team);
    } else if (role < 2 + PEERS) {
      person = memberId(team, (subject + role - 1) % subjectsPerTeam);
    } else if (role < 2 + PEERS + DIRECT_REPORTS) {
      person = reportId(team, subject, role - 2 - PEERS);
    } else {
      person = memberId((team + role - 11) % teams, (subject + role) % subjectsPerTeam);
    }
    return pseudonym(person);
  }

  private long memberId(int team, int subject) {
    return (long) team * 1_000_000 + subject;
  }

  private static long headId(int team) {
    return (long) team * 1_000_000 + 999_999;
  }

  private static long reportId(int team, int subject, int report) {
    return (long) team * 1_000_000 + 100_000 + (long) subject * 100 + report;
  }

  private static String teamId(int team) {
    return String.format(Locale.ROOT, "team-%05d", team);
  }

  private String subjectId(int team, int subject) {
    return String.format(Locale.ROOT, "emp-%d", memberId(team, subject));
  }

  private static String cycleId(int cycle) {
    return (2025 + cycle / 2) + "-H" + (cycle % 2 + 1);
  }

  private static long cycleStart(int cycle) {
    return START.plus(Duration.ofDays(182L * cycle)).toEpochMilli();
  }

  /** 64 lowercase hex characters derived from a person id, shaped like the producer's HMAC pseudonyms. */
  static String pseudonym(long person) {
    char[] out = new char[64];
    long state = person;
    for (int word = 0; word < 4; word++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      for (int i = 0; i < 16; i++) {
        out[word * 16 + i] = HEX[(int) ((z >>> (60 - 4 * i)) & 0xF)];
      }
    }
    return new String(out);
  }
}
