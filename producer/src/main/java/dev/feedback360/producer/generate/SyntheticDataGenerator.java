package dev.feedback360.producer.generate;

import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.producer.instrument.Instrument;
import dev.feedback360.producer.instrument.Item;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.ResponseRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Makes realistic synthetic survey responses, deterministic for a seed.
 *
 * <p>Each team leans leader, manager or balanced; that latent style, a per-person offset per item cell, a per-rater
 * leniency and noise drive the 1-to-5 scores, and self-ratings run a little higher than others' ratings. Every
 * subject is rated by themself (SELF, rater = subject), the team head (MANAGER), some teammates (PEER), their direct
 * reports (DIRECT_REPORT) and a few people from other teams (OTHER); most invited raters respond. Some answers are
 * not observed ({@code NA} or blank), and some responses are corrected later (same cycle, subject and rater, a later
 * {@code submitted_at}, a few scores changed). Rows come sorted by submission time with ids {@code resp-000001}
 * onwards; cycles are six months apart and named like {@code 2025-H2}.
 */
public final class SyntheticDataGenerator {

  private static final Duration CYCLE_WINDOW = Duration.ofDays(14);
  private static final double SELF_INFLATION = 0.35;
  private static final double RESPONSE_RATE = 0.9;
  private static final int MAX_PEERS = 4;
  private static final Pattern SCORE = Pattern.compile("[1-5]");

  private final Instrument instrument;
  private final GeneratorSettings settings;

  public SyntheticDataGenerator(Instrument instrument, GeneratorSettings settings) {
    this.instrument = instrument;
    this.settings = settings;
  }

  /** Generates the rows, sorted by submission time. */
  public List<ResponseRow> generate() {
    Random random = new Random(settings.seed());
    Organisation organisation = Organisation.create(settings, random);
    Map<String, Double> personalOffsets = new LinkedHashMap<>();
    List<Draft> drafts = new ArrayList<>();
    for (int cycle = 0; cycle < settings.cycles(); cycle++) {
      ZonedDateTime cycleStart = settings.start().atZone(ZoneOffset.UTC).plusMonths(6L * cycle);
      String cycleId = cycleStart.getYear() + "-H" + (cycleStart.getMonthValue() <= 6 ? 1 : 2);
      for (Organisation.Team team : organisation.teams()) {
        for (Organisation.Member member : team.members()) {
          for (Invitation invitation : invitations(organisation, team, member, random)) {
            Draft draft = respond(cycleId, cycleStart.toInstant(), team, member, invitation, personalOffsets, random);
            drafts.add(draft);
            if (random.nextDouble() < settings.correctionRate()) {
              drafts.add(correct(draft, random));
            }
          }
        }
      }
    }
    drafts.sort(Comparator.comparing(Draft::submittedAt));
    List<ResponseRow> rows = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      rows.add(drafts.get(i).toRow(String.format(Locale.ROOT, "resp-%06d", i + 1)));
    }
    return rows;
  }

  /**
   * Generates the rows and writes them to a file in the given format, with every item of the instrument.
   *
   * @return the number of rows written
   */
  public int writeTo(Path file, InputFormat format) throws IOException {
    List<ResponseRow> rows = generate();
    ResponseFileWriter.write(rows, instrument.itemIds(), format, file);
    return rows.size();
  }

  private record Invitation(RaterGroup group, String raterId) {}

  private record Draft(String cycleId, String teamId, String subjectId, RaterGroup group, String raterId,
      Instant submittedAt, Map<String, String> scores) {

    ResponseRow toRow(String responseId) {
      return new ResponseRow(responseId, cycleId, teamId, subjectId, raterId,
          group.name().toLowerCase(Locale.ROOT), submittedAt.toString(), scores);
    }
  }

  private static List<Invitation> invitations(Organisation organisation, Organisation.Team team,
      Organisation.Member member, Random random) {
    List<Invitation> invitations = new ArrayList<>();
    invitations.add(new Invitation(RaterGroup.SELF, member.id()));
    invitations.add(new Invitation(RaterGroup.MANAGER, team.head()));
    List<String> peers = new ArrayList<>();
    team.members().stream().filter(other -> other != member).forEach(other -> peers.add(other.id()));
    for (String peer : pick(peers, Math.min(MAX_PEERS, peers.size()), random)) {
      invitations.add(new Invitation(RaterGroup.PEER, peer));
    }
    member.directReports().forEach(report -> invitations.add(new Invitation(RaterGroup.DIRECT_REPORT, report)));
    List<String> outsiders = organisation.outsiders(team);
    for (String outsider : pick(outsiders, Math.min(1 + random.nextInt(3), outsiders.size()), random)) {
      invitations.add(new Invitation(RaterGroup.OTHER, outsider));
    }
    List<Invitation> responding = new ArrayList<>();
    for (Invitation invitation : invitations) {
      if (invitation.group() == RaterGroup.MANAGER || random.nextDouble() < RESPONSE_RATE) {
        responding.add(invitation);
      }
    }
    return responding;
  }

  private Draft respond(String cycleId, Instant cycleStart, Organisation.Team team, Organisation.Member member,
      Invitation invitation, Map<String, Double> personalOffsets, Random random) {
    double leniency = random.nextGaussian() * 0.4 + (invitation.group() == RaterGroup.SELF ? SELF_INFLATION : 0);
    Map<String, String> scores = new LinkedHashMap<>();
    for (Item item : instrument.items()) {
      double latent = item.pole() == Pole.LEADER
          ? team.leaning().leaderMean + team.leaderShift()
          : team.leaning().managerMean + team.managerShift();
      double personal = personalOffsets.computeIfAbsent(member.id() + "/" + item.axis() + "/" + item.pole(),
          cell -> random.nextGaussian() * 0.3);
      double score = latent + personal + leniency + random.nextGaussian() * 0.7;
      scores.put(item.id(), random.nextDouble() < settings.notObservedRate()
          ? notObserved(random) : Integer.toString(clampScore(score)));
    }
    Instant submittedAt = cycleStart.plusSeconds(random.nextInt((int) CYCLE_WINDOW.toSeconds()));
    return new Draft(cycleId, team.id(), member.id(), invitation.group(), invitation.raterId(), submittedAt, scores);
  }

  /** The same response resubmitted between an hour and three days later with one to three scores changed. */
  private Draft correct(Draft original, Random random) {
    Map<String, String> scores = new LinkedHashMap<>(original.scores());
    for (String item : pick(new ArrayList<>(scores.keySet()), 1 + random.nextInt(3), random)) {
      scores.put(item, Integer.toString(changed(scores.get(item), random)));
    }
    long delaySeconds = Duration.ofHours(1).toSeconds() + random.nextInt((int) Duration.ofDays(3).toSeconds());
    return new Draft(original.cycleId(), original.teamId(), original.subjectId(), original.group(),
        original.raterId(), original.submittedAt().plus(delaySeconds, ChronoUnit.SECONDS), scores);
  }

  /** A score one step away from the previous one; a not-observed answer becomes a middle score. */
  private static int changed(String previous, Random random) {
    if (!SCORE.matcher(previous).matches()) {
      return 2 + random.nextInt(3);
    }
    int score = Integer.parseInt(previous);
    if (score == 1 || score == 5) {
      return score == 1 ? 2 : 4;
    }
    return random.nextBoolean() ? score + 1 : score - 1;
  }

  private static String notObserved(Random random) {
    return random.nextDouble() < 0.7 ? "NA" : "";
  }

  private static int clampScore(double score) {
    return (int) Math.max(1, Math.min(5, Math.round(score)));
  }

  private static List<String> pick(List<String> from, int count, Random random) {
    List<String> pool = new ArrayList<>(from);
    List<String> picked = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      picked.add(pool.remove(random.nextInt(pool.size())));
    }
    return picked;
  }
}
