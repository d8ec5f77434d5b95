package dev.feedback360.reliability.harness;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Channel;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.testkit.Responses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The input of a fault scenario, deterministic for a seed: first submissions of every rater in a few dozen teams,
 * interleaved with what real traffic holds too (corrections, corrections that move a response to another team,
 * withdrawals, stale re-sends of older versions, exact duplicates) and a few poison pills (bytes that are not
 * Avro, a truncated record, a score out of range). Records are produced in list order; records of one key go to
 * one partition, so per key the app sees them in this order.
 *
 * <p>Event times lie in the last few days before {@code start}, not at a fixed date, so that no broker retention
 * (the dead-letter topic keeps 7 days) ever removes a record while a scenario runs.
 */
public final class Workload {

  /** What a record is, for the report; the verifier's model ignores it and follows only the bytes' meaning. */
  public enum Kind {
    SUBMISSION, CORRECTION, TEAM_MOVE, WITHDRAWAL, STALE_RESEND, DUPLICATE, POISON
  }

  /**
   * One record to produce.
   *
   * @param kind what it is
   * @param key the raw key bytes
   * @param value the raw value bytes, null for a withdrawal
   * @param timestamp the record timestamp (submittedAt, the withdrawal time, or null for poison: producer time)
   * @param responseKey the decoded key (null for poison)
   * @param response the decoded value (null for a withdrawal and for poison)
   */
  public record InputRecord(Kind kind, byte[] key, byte[] value, Long timestamp, ResponseKey responseKey,
      SurveyResponse response) {}

  static final String CYCLE = "2026-H2";
  private static final int SUBJECTS_PER_TEAM = 6;
  private static final int PEERS_PER_SUBJECT = 3;
  private static final int DIRECT_REPORTS_PER_SUBJECT = 2;
  private static final int RESPONSES_PER_TEAM = SUBJECTS_PER_TEAM * (3 + PEERS_PER_SUBJECT
      + DIRECT_REPORTS_PER_SUBJECT);
  private static final List<String> ITEMS = Responses.ITEMS;
  private static final int RECORDS_PER_POISON_PILL = 600;

  private final List<InputRecord> records;

  private Workload(List<InputRecord> records) {
    this.records = Collections.unmodifiableList(records);
  }

  /**
   * About {@code size} records (at least 3 poison pills), two in three of them first submissions.
   *
   * @param start event times lie in the four days before this instant
   */
  public static Workload generate(long seed, int size, Instant start) {
    return new Generator(new Random(seed), start.minus(Duration.ofDays(4))).generate(size);
  }

  public List<InputRecord> records() {
    return records;
  }

  /** The poison pills among the records. */
  public List<InputRecord> poison() {
    return records.stream().filter(r -> r.kind() == Kind.POISON).toList();
  }

  /** How many records of each kind, for the report. */
  public Map<Kind, Integer> counts() {
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    records.forEach(r -> counts.merge(r.kind(), 1, Integer::sum));
    return counts;
  }

  /** For example {@code 2500 records (1600 submissions, 300 corrections, ..., 5 poison)}. */
  public String describe() {
    StringBuilder text = new StringBuilder().append(records.size()).append(" records (");
    List<String> parts = new ArrayList<>();
    counts().forEach((kind, n) -> parts.add(n + " " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
    return text.append(String.join(", ", parts)).append(')').toString();
  }

  private static final class Generator {

    private final Random random;
    private final Instant origin;
    private final List<InputRecord> out = new ArrayList<>();
    private final Map<ResponseKey, List<SurveyResponse>> sent = new LinkedHashMap<>();
    private final Map<ResponseKey, Instant> latestTime = new LinkedHashMap<>();
    private final List<ResponseKey> sentKeys = new ArrayList<>();
    private int teams;
    private int serial;

    Generator(Random random, Instant origin) {
      this.random = random;
      this.origin = origin;
    }

    Workload generate(int size) {
      int submissions = Math.max(RESPONSES_PER_TEAM, size * 2 / 3);
      teams = Math.max(4, (submissions + RESPONSES_PER_TEAM - 1) / RESPONSES_PER_TEAM);
      List<SurveyResponse> firsts = firstSubmissions();
      Collections.shuffle(firsts, random);
      firsts = firsts.subList(0, Math.min(firsts.size(), submissions));
      int poisonEvery = Math.min(RECORDS_PER_POISON_PILL, Math.max(1, size / 3));
      int next = 0;
      while (out.size() < size) {
        if (out.size() % poisonEvery == poisonEvery / 2) {
          poison();
        } else if (next < firsts.size() && (sentKeys.size() < 20 || random.nextDouble() < 0.67)) {
          submit(Kind.SUBMISSION, firsts.get(next++));
        } else {
          followUp();
        }
      }
      return new Workload(out);
    }

    private List<SurveyResponse> firstSubmissions() {
      List<SurveyResponse> firsts = new ArrayList<>();
      for (int t = 0; t < teams; t++) {
        String team = team(t);
        for (int s = 0; s < SUBJECTS_PER_TEAM; s++) {
          String subject = team + "-s" + s;
          firsts.add(response(team, subject, subject, RaterGroup.SELF));
          firsts.add(response(team, subject, team + "-head", RaterGroup.MANAGER));
          for (int p = 1; p <= PEERS_PER_SUBJECT; p++) {
            firsts.add(response(team, subject, team + "-s" + ((s + p) % SUBJECTS_PER_TEAM), RaterGroup.PEER));
          }
          for (int d = 0; d < DIRECT_REPORTS_PER_SUBJECT; d++) {
            firsts.add(response(team, subject, subject + "-report" + d, RaterGroup.DIRECT_REPORT));
          }
          firsts.add(response(team, subject, team((t + 1) % teams) + "-s" + s, RaterGroup.OTHER));
        }
      }
      return firsts;
    }

    private static String team(int t) {
      return String.format(Locale.ROOT, "team-%03d", t);
    }

    private SurveyResponse response(String team, String subject, String rater, RaterGroup group) {
      Instant submittedAt = origin.plusSeconds(random.nextInt((int) Duration.ofDays(2).toSeconds()));
      return Responses.builder(nextId(), CYCLE, team, subject, rater, group, submittedAt, answers())
          .setChannel(random.nextBoolean() ? null : Channel.values()[random.nextInt(Channel.values().length)])
          .build();
    }

    private List<Answer> answers() {
      List<Answer> answers = new ArrayList<>(ITEMS.size());
      for (String item : ITEMS) {
        Integer score = random.nextDouble() < 0.07 ? null : 1 + random.nextInt(5);
        answers.add(Responses.answer(item, score));
      }
      return answers;
    }

    private String nextId() {
      return String.format(Locale.ROOT, "w-%07d", ++serial);
    }

    private void followUp() {
      ResponseKey key = sentKeys.get(random.nextInt(sentKeys.size()));
      List<SurveyResponse> versions = sent.get(key);
      SurveyResponse last = versions.get(versions.size() - 1);
      double pick = random.nextDouble();
      if (pick < 0.40) {
        submit(Kind.CORRECTION, corrected(last, last.getTeamId()));
      } else if (pick < 0.52) {
        submit(Kind.TEAM_MOVE, corrected(last, team(random.nextInt(teams))));
      } else if (pick < 0.66) {
        Instant at = latestTime.get(key).plusSeconds(1 + random.nextInt(600));
        latestTime.put(key, at);
        out.add(new InputRecord(Kind.WITHDRAWAL, AvroSerdes.responseKey().encode(key), null, at.toEpochMilli(), key,
            null));
      } else if (pick < 0.83) {
        submit(Kind.STALE_RESEND, versions.get(random.nextInt(versions.size())));
      } else {
        submit(Kind.DUPLICATE, last);
      }
    }

    private SurveyResponse corrected(SurveyResponse last, String team) {
      Instant at = latestTime.get(key(last)).plusSeconds(1 + random.nextInt(3600));
      return SurveyResponse.newBuilder(last)
          .setResponseId(nextId())
          .setTeamId(team)
          .setSubmittedAt(at)
          .setAnswers(answers())
          .build();
    }

    private void submit(Kind kind, SurveyResponse response) {
      ResponseKey key = key(response);
      if (!sent.containsKey(key)) {
        sentKeys.add(key);
      }
      sent.computeIfAbsent(key, k -> new ArrayList<>()).add(response);
      latestTime.merge(key, response.getSubmittedAt(), (a, b) -> a.isAfter(b) ? a : b);
      out.add(new InputRecord(kind, AvroSerdes.responseKey().encode(key), AvroSerdes.surveyResponse().encode(response),
          response.getSubmittedAt().toEpochMilli(), key, response));
    }

    private void poison() {
      int n = (int) out.stream().filter(r -> r.kind() == Kind.POISON).count();
      ResponseKey key = new ResponseKey(CYCLE, "poison-subject-" + n, "poison-rater-" + n);
      SurveyResponse valid = response(team(0), key.getSubjectId(), key.getRaterId(), RaterGroup.PEER);
      byte[] value = switch (n % 3) {
        case 0 -> ("not Avro at all #" + n).getBytes(StandardCharsets.UTF_8);
        case 1 -> {
          byte[] encoded = AvroSerdes.surveyResponse().encode(valid);
          yield Arrays.copyOf(encoded, encoded.length / 2);
        }
        default -> {
          valid.getAnswers().set(0, new Answer(ITEMS.get(0), Axis.CHANGE, Pole.LEADER, 9));
          yield AvroSerdes.surveyResponse().encode(valid);
        }
      };
      out.add(new InputRecord(Kind.POISON, AvroSerdes.responseKey().encode(key), value, null, null, null));
    }

    private static ResponseKey key(SurveyResponse response) {
      return new ResponseKey(response.getCycleId(), response.getSubjectId(), response.getRaterId());
    }
  }
}
