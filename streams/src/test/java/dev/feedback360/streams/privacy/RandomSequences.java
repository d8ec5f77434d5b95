package dev.feedback360.streams.privacy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Seeded random input for one sequence: two teams, four subjects, raters in every group (pools sized so that groups
 * hover around k), first submissions, corrections, reverts, team moves, stale re-sends, exact duplicates,
 * equal-time replacements, withdrawals (some carrying a time older than the response), re-submissions after a
 * withdrawal, the group-churn pattern of PRIVACY-NOTES (a group at exactly k loses a rater, then gains another), and
 * relabels: counted responses of one group re-sent in another, with their answers or with one edited, sometimes
 * sent once more unchanged (a rater's responses about different subjects may then sit in different groups), and
 * swaps: two raters of a group trading one answer, so that their two corrections cancel on that cell; and
 * self-shifts: a self-rater moving a leader and a manager item of an axis alike, which selfBalance does not see.
 *
 * <p>{@link #generateStrict} adds HR's roster under {@code --roster strict} ({@link StrictRosterSteps}), on its own
 * random stream, so that the open-roster sequences of every seed stay as they were.
 *
 * <p>{@link #generateSelfHeavy} leans on SELF (the sixty-fourth review's generator): seven subjects, most of them in
 * one team, so that SELF reaches k there and publishes, and more self-shifts, self corrections and self first
 * answers, on the same random stream after one extra roll per step (the default sequences of every seed stay as they
 * were).
 *
 * <p>Every cell has {@value #ITEMS_PER_CELL} items scored 1..5 by default, so a group's totals on a cell rarely
 * coincide with those of another composition; {@link #generate(long, int, int, int)} takes fewer, as the instrument
 * has (two per cell), where they often do.
 */
final class RandomSequences {

  static final int ITEMS_PER_CELL = 12;
  static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
  private static final List<String> TEAMS = List.of("TA", "TB");
  private static final List<String> SUBJECTS = List.of("S1", "S2", "S3", "S4");
  private static final List<String> SELF_HEAVY_SUBJECTS = List.of("S1", "S2", "S3", "S4", "S5", "S6", "S7");
  /** Candidate raters per group, in a fixed order (Map.of would iterate in a per-JVM order and break the seeds). */
  private static final Map<RaterGroup, Integer> POOL = new EnumMap<>(Map.of(
      RaterGroup.MANAGER, 4, RaterGroup.PEER, 5, RaterGroup.DIRECT_REPORT, 5, RaterGroup.OTHER, 4));

  private final Random random;
  private final int minRaters;
  private final int itemsPerCell;
  /** Whether the sequence leans on SELF ({@link #generateSelfHeavy}). */
  private final boolean selfHeavy;
  private final List<String> subjects;
  private final String cycle;
  /** The strict roster's model where the sequence runs under {@code --roster strict}, else null. */
  private final StrictRosterModel strict;
  private final ResponseModel model;
  /** Strict roster: the roster moves of HR and of the raters ({@link StrictRosterSteps}). */
  private final StrictRosterSteps roster;
  private final List<InputEvent> events = new ArrayList<>();
  private final Map<String, Integer> groupOfRater = new LinkedHashMap<>();
  /** The group a key's responses are sent in once it was relabelled (else its rater's group). */
  private final Map<ResponseKey, RaterGroup> groupOfKey = new HashMap<>();
  private final Map<String, String> teamOfSubject = new HashMap<>();
  /** Every response sent per key, in sending order. */
  private final Map<ResponseKey, List<SurveyResponse>> sent = new LinkedHashMap<>();
  private final Deque<RaterGroup> churnFollowUps = new ArrayDeque<>();
  private long clock;

  private RandomSequences(long seed, int minRaters, boolean strictRoster, int itemsPerCell, boolean selfHeavy) {
    this.random = new Random(seed);
    this.minRaters = minRaters;
    this.itemsPerCell = itemsPerCell;
    this.selfHeavy = selfHeavy;
    this.subjects = selfHeavy ? SELF_HEAVY_SUBJECTS : SUBJECTS;
    this.cycle = (strictRoster ? "s" : "c") + seed;
    this.strict = strictRoster ? new StrictRosterModel() : null;
    this.model = strictRoster ? strict : new ResponseModel();
    this.roster = strictRoster ? new StrictRosterSteps(this) : null;
  }

  static Sequence generate(long seed, int minRaters, int length) {
    return generate(seed, minRaters, length, ITEMS_PER_CELL);
  }

  /** {@link #generate(long, int, int)} with {@code itemsPerCell} items on every cell. */
  static Sequence generate(long seed, int minRaters, int length, int itemsPerCell) {
    return generated(new RandomSequences(seed, minRaters, false, itemsPerCell, false), seed, length);
  }

  /** {@link #generate(long, int, int)} leaning on SELF: seven subjects, more changes of self-raters. */
  static Sequence generateSelfHeavy(long seed, int minRaters, int length) {
    return generated(new RandomSequences(seed, minRaters, false, ITEMS_PER_CELL, true), seed, length);
  }

  private static Sequence generated(RandomSequences generator, long seed, int length) {
    generator.run(length);
    return new Sequence(seed, generator.cycle, TEAMS, Map.copyOf(generator.groupOfRater), T0,
        List.copyOf(generator.events));
  }

  /**
   * A sequence under {@code --roster strict}: everything {@link #generate} does, with HR's roster beside it
   * ({@link StrictRosterSteps}). Its own random stream: open-roster sequences of the same seeds are not touched.
   */
  static Sequence generateStrict(long seed, int minRaters, int length) {
    RandomSequences generator = new RandomSequences(seed, minRaters, true, ITEMS_PER_CELL, false);
    generator.run(length);
    return new Sequence(seed, generator.cycle, TEAMS, Map.copyOf(generator.groupOfRater), T0,
        List.copyOf(generator.events), true);
  }

  private void run(int length) {
    for (String subject : subjects) {
      // Self-heavy: one subject in eight in the second team, so that the first has SELF at k and more.
      teamOfSubject.put(subject, random.nextInt(selfHeavy ? 8 : 4) == 0 ? TEAMS.get(1) : TEAMS.get(0));
      groupOfRater.put(subject, RaterGroup.SELF.ordinal());
    }
    POOL.forEach((group, size) -> {
      String prefix = switch (group) {
        case MANAGER -> "M";
        case PEER -> "P";
        case DIRECT_REPORT -> "D";
        default -> "O";
      };
      for (int i = 1; i <= size; i++) {
        groupOfRater.put(prefix + i, group.ordinal());
      }
    });
    if (roster != null) {
      roster.upFront();
    }
    while (events.size() < length) {
      clock += 60_000;
      if (roster != null && roster.step()) {
        continue;
      }
      step();
    }
  }

  private void step() {
    if (!churnFollowUps.isEmpty() && random.nextInt(3) > 0) {
      RaterGroup group = churnFollowUps.poll();
      if (firstSubmission(rater -> groupOfRater.get(rater) == group.ordinal())) {
        return;
      }
    }
    if (selfHeavy && selfStep()) {
      return;
    }
    int roll = random.nextInt(100);
    boolean done;
    if (roll < 22) {
      done = firstSubmission(rater -> true);
    } else if (roll < 25) {
      done = selfShift();
    } else if (roll < 28) {
      done = swap();
    } else if (roll < 32) {
      done = relabel();
    } else if (roll < 46) {
      done = correction(false);
    } else if (roll < 50) {
      done = correction(true);
    } else if (roll < 56) {
      done = revert();
    } else if (roll < 61) {
      done = staleReSend();
    } else if (roll < 65) {
      done = duplicate();
    } else if (roll < 69) {
      done = equalTimeReplacement();
    } else if (roll < 80) {
      done = withdrawal();
    } else if (roll < 85) {
      done = reSubmissionAfterWithdrawal();
    } else {
      done = churn();
    }
    if (!done) {
      firstSubmission(rater -> true);
    }
  }

  /**
   * A self-heavy sequence's extra roll: a self-shift (12 in 100), a correction of a self-rating (10) or a self-rater's
   * first answer (20); false when the roll is none of them or finds nothing to change (the ordinary step follows).
   */
  private boolean selfStep() {
    int roll = random.nextInt(100);
    if (roll < 12) {
      return selfShift();
    }
    if (roll >= 70 && roll < 80) {
      return selfCorrection();
    }
    return roll >= 80 && firstSubmission(rater -> groupOfRater.get(rater) == RaterGroup.SELF.ordinal());
  }

  /** A self-rater changes one to three answers of their counted self-rating to random scores. */
  private boolean selfCorrection() {
    SurveyResponse current = anyCountedSelfRating();
    if (current == null) {
      return false;
    }
    List<Answer> answers = new ArrayList<>(current.getAnswers());
    rescoreRandomAnswers(answers, 1 + random.nextInt(3));
    send(response(keyOf(current), current.getTeamId(), now(), answers));
    return true;
  }

  /** Gives {@code changes} random answers (the same one may be drawn twice) a random score. */
  private void rescoreRandomAnswers(List<Answer> answers, int changes) {
    for (int i = 0; i < changes; i++) {
      int at = random.nextInt(answers.size());
      Answer old = answers.get(at);
      answers.set(at, new Answer(old.getItemId(), old.getAxis(), old.getPole(), randomScore()));
    }
  }

  /** A counted response of a self-rater, picked at random, or null when there is none. */
  private SurveyResponse anyCountedSelfRating() {
    List<SurveyResponse> selves = new ArrayList<>();
    for (ResponseKey key : sent.keySet()) {
      model.counted(key).filter(r -> r.getRaterGroup() == RaterGroup.SELF).ifPresent(selves::add);
    }
    return selves.isEmpty() ? null : selves.get(random.nextInt(selves.size()));
  }

  private interface RaterFilter {
    boolean accepts(String rater);
  }

  /** A rater answers about a subject for the first time (SELF raters about themselves). */
  private boolean firstSubmission(RaterFilter filter) {
    List<ResponseKey> fresh = new ArrayList<>();
    for (String rater : groupOfRater.keySet()) {
      if (!filter.accepts(rater)) {
        continue;
      }
      for (String subject : subjects) {
        boolean self = groupOfRater.get(rater) == RaterGroup.SELF.ordinal();
        ResponseKey key = new ResponseKey(cycle, subject, rater);
        if ((self == subject.equals(rater)) && !sent.containsKey(key)) {
          fresh.add(key);
        }
      }
    }
    if (fresh.isEmpty()) {
      return false;
    }
    ResponseKey key = fresh.get(random.nextInt(fresh.size()));
    if (roster != null) {
      roster.beforeFirstResponse(key);
    }
    send(response(key, teamOfSubject.get(key.getSubjectId()), now(), randomAnswers()));
    return true;
  }

  /** A newer response of a counted key: a few answers changed, or the same answers in the other team. */
  private boolean correction(boolean teamMove) {
    SurveyResponse current = pickCounted();
    if (current == null) {
      return false;
    }
    List<Answer> answers = new ArrayList<>(current.getAnswers());
    String team = current.getTeamId();
    if (teamMove) {
      team = TEAMS.get(1 - TEAMS.indexOf(team));
    } else {
      rescoreRandomAnswers(answers, 1 + random.nextInt(4));
      if (random.nextInt(10) == 0) {
        team = TEAMS.get(1 - TEAMS.indexOf(team));
      }
    }
    send(response(keyOf(current), team, now(), answers));
    if (roster != null) {
      roster.afterResend(keyOf(current));
    }
    return true;
  }

  /**
   * A self-rater raises (or lowers) one leader item and one manager item of an axis by the same amount: a change of
   * each SELF part that selfBalance, the leader mean less the manager mean, does not see (the fourteenth review).
   */
  private boolean selfShift() {
    SurveyResponse current = anyCountedSelfRating();
    if (current == null) {
      return false;
    }
    List<Answer> answers = new ArrayList<>(current.getAnswers());
    Axis axis = Axis.values()[random.nextInt(Axis.values().length)];
    int by = random.nextBoolean() ? 1 : -1;
    int leader = shiftable(answers, axis, Pole.LEADER, by);
    int manager = shiftable(answers, axis, Pole.MANAGER, by);
    if (leader < 0 || manager < 0) {
      return false;
    }
    for (int at : new int[] {leader, manager}) {
      Answer old = answers.get(at);
      answers.set(at, new Answer(old.getItemId(), old.getAxis(), old.getPole(), old.getScore() + by));
    }
    send(response(keyOf(current), current.getTeamId(), now(), answers));
    return true;
  }

  /** A random answer of the axis and pole whose score can move by {@code by} within 1..5, or -1. */
  private int shiftable(List<Answer> answers, Axis axis, Pole pole, int by) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      Answer answer = answers.get(i);
      if (answer.getAxis() == axis && answer.getPole() == pole && answer.getScore() != null
          && answer.getScore() + by >= 1 && answer.getScore() + by <= 5) {
        candidates.add(i);
      }
    }
    return candidates.isEmpty() ? -1 : candidates.get(random.nextInt(candidates.size()));
  }

  /**
   * Two raters of one group in one team trade an answer: X's item from a to b, Y's from b to a. On that cell the two
   * corrections cancel exactly, so a batch holding both (and any other change) differs by the others alone
   * (docs/privacy.md, "A batch that cancels down to fewer than N raters").
   */
  private boolean swap() {
    SurveyResponse x = pickCounted();
    if (x == null) {
      return false;
    }
    List<SurveyResponse> partners = new ArrayList<>();
    for (ResponseKey key : sent.keySet()) {
      model.counted(key).filter(y -> y.getTeamId().equals(x.getTeamId()) && y.getRaterGroup() == x.getRaterGroup()
          && !y.getRaterId().equals(x.getRaterId())).ifPresent(partners::add);
    }
    if (partners.isEmpty()) {
      return false;
    }
    SurveyResponse y = partners.get(random.nextInt(partners.size()));
    List<Integer> traded = new ArrayList<>();
    for (int at = 0; at < x.getAnswers().size(); at++) {
      Integer a = x.getAnswers().get(at).getScore();
      Integer b = y.getAnswers().get(at).getScore();
      if (a != null && b != null && !a.equals(b)) {
        traded.add(at);
      }
    }
    if (traded.isEmpty()) {
      return false;
    }
    int at = traded.get(random.nextInt(traded.size()));
    List<Answer> xAnswers = new ArrayList<>(x.getAnswers());
    List<Answer> yAnswers = new ArrayList<>(y.getAnswers());
    Answer fromX = xAnswers.get(at);
    Answer fromY = yAnswers.get(at);
    xAnswers.set(at, new Answer(fromX.getItemId(), fromX.getAxis(), fromX.getPole(), fromY.getScore()));
    yAnswers.set(at, new Answer(fromY.getItemId(), fromY.getAxis(), fromY.getPole(), fromX.getScore()));
    send(response(keyOf(x), x.getTeamId(), now(), xAnswers));
    clock += 60_000;
    send(response(keyOf(y), y.getTeamId(), now(), yAnswers));
    return true;
  }

  /**
   * One to three counted responses of one non-self group in a team re-sent, one after the other, in another group
   * (HR fixing relationship labels): the same answers, or now and then one answer edited.
   */
  private boolean relabel() {
    SurveyResponse first = pickCounted();
    if (first == null || first.getRaterGroup() == RaterGroup.SELF) {
      return false;
    }
    List<RaterGroup> others = new ArrayList<>();
    for (RaterGroup group : POOL.keySet()) {
      if (group != first.getRaterGroup()) {
        others.add(group);
      }
    }
    RaterGroup to = others.get(random.nextInt(others.size()));
    List<SurveyResponse> moving = new ArrayList<>();
    for (ResponseKey key : sent.keySet()) {
      model.counted(key).filter(response -> response.getTeamId().equals(first.getTeamId())
          && response.getRaterGroup() == first.getRaterGroup()).ifPresent(moving::add);
    }
    int count = 1 + random.nextInt(Math.min(3, moving.size()));
    for (int i = 0; i < count; i++) {
      SurveyResponse current = moving.remove(random.nextInt(moving.size()));
      List<Answer> answers = new ArrayList<>(current.getAnswers());
      if (random.nextInt(4) == 0) {
        int at = random.nextInt(answers.size());
        Answer old = answers.get(at);
        answers.set(at, new Answer(old.getItemId(), old.getAxis(), old.getPole(), randomScore()));
      }
      groupOfKey.put(keyOf(current), to);
      send(response(keyOf(current), current.getTeamId(), now(), answers));
      clock += 60_000;
      if (roster != null) {
        roster.afterResend(keyOf(current));
      }
      if (random.nextInt(3) == 0) {
        // The same form sent again later, unchanged: it changes no cell and must not make the move count.
        send(response(keyOf(current), current.getTeamId(), now(), answers));
        clock += 60_000;
      }
    }
    return true;
  }

  /** A newer response carrying exactly the answers and team of an earlier one of the same key. */
  private boolean revert() {
    List<ResponseKey> candidates = keysWith(2);
    if (candidates.isEmpty()) {
      return false;
    }
    ResponseKey key = candidates.get(random.nextInt(candidates.size()));
    List<SurveyResponse> versions = sent.get(key);
    SurveyResponse earlier = versions.get(random.nextInt(versions.size() - 1));
    send(response(key, earlier.getTeamId(), now(), earlier.getAnswers()));
    return true;
  }

  /** An earlier response of a key sent again as it was (an old export): it must count nothing. */
  private boolean staleReSend() {
    List<ResponseKey> candidates = keysWith(2);
    if (candidates.isEmpty()) {
      return false;
    }
    ResponseKey key = candidates.get(random.nextInt(candidates.size()));
    List<SurveyResponse> versions = sent.get(key);
    SurveyResponse old = versions.get(random.nextInt(versions.size() - 1));
    SurveyResponse newest = versions.get(versions.size() - 1);
    if (!old.getSubmittedAt().isBefore(newest.getSubmittedAt())) {
      return false;
    }
    send(old);
    return true;
  }

  private boolean duplicate() {
    SurveyResponse current = pickCounted();
    if (current == null) {
      return false;
    }
    send(current);
    return true;
  }

  /** A response with the same submittedAt as the counted one, other answers: it replaces it. */
  private boolean equalTimeReplacement() {
    SurveyResponse current = pickCounted();
    if (current == null) {
      return false;
    }
    send(response(keyOf(current), current.getTeamId(), current.getSubmittedAt(), randomAnswers()));
    return true;
  }

  private boolean withdrawal() {
    SurveyResponse current = pickCounted();
    if (current == null) {
      return false;
    }
    Instant at = random.nextInt(5) == 0 ? current.getSubmittedAt().minusSeconds(30) : now();
    withdraw(keyOf(current), at);
    return true;
  }

  private boolean reSubmissionAfterWithdrawal() {
    ResponseKey key = pick(random, sent.keySet(), model::withdrawn);
    if (key == null) {
      return false;
    }
    if (random.nextInt(4) == 0) {
      // Submitted before the withdrawal (a late upload of an old form): blocked.
      send(response(key, teamOf(key), now().minusSeconds(90), randomAnswers()));
    } else {
      send(response(key, teamOf(key), now(), randomAnswers()));
    }
    return true;
  }

  /**
   * The group-churn pattern: a group with exactly k raters in a team loses one (all the rater's responses there are
   * withdrawn), and soon after another rater of the group answers.
   */
  private boolean churn() {
    for (String team : TEAMS) {
      ResponseModel.TeamContributions exact = model.team(cycle, team);
      List<RaterGroup> atK = new ArrayList<>();
      for (RaterGroup group : RaterGroup.values()) {
        if (group != RaterGroup.SELF && exact.raters(group.ordinal()) == minRaters) {
          atK.add(group);
        }
      }
      if (atK.isEmpty()) {
        continue;
      }
      RaterGroup group = atK.get(random.nextInt(atK.size()));
      Set<String> raters = new TreeSet<>();
      for (int cell = 0; cell < Cells.COUNT; cell++) {
        raters.addAll(exact.cells[cell][group.ordinal()].keySet());
      }
      List<String> list = new ArrayList<>(raters);
      String leaving = list.get(random.nextInt(list.size()));
      for (ResponseKey key : new ArrayList<>(sent.keySet())) {
        SurveyResponse counted = model.counted(key).orElse(null);
        if (key.getRaterId().equals(leaving) && counted != null && counted.getTeamId().equals(team)) {
          withdraw(key, now());
          clock += 60_000;
        }
      }
      churnFollowUps.add(group);
      return true;
    }
    return false;
  }

  /** The team a new response of the key is sent in: its subject's, or under the strict roster its nomination's. */
  private String teamOf(ResponseKey key) {
    if (strict != null && strict.nomination(key).isPresent()) {
      return strict.nomination(key).get().team();
    }
    return teamOfSubject.get(key.getSubjectId());
  }

  private List<ResponseKey> keysWith(int versions) {
    List<ResponseKey> keys = new ArrayList<>();
    sent.forEach((key, list) -> {
      if (list.size() >= versions) {
        keys.add(key);
      }
    });
    return keys;
  }

  /**
   * One of the {@code items} that pass the {@code test}, drawn with {@code random} (one draw, and none when no item
   * passes); null when none does.
   */
  static <T> T pick(Random random, Collection<T> items, Predicate<T> test) {
    List<T> candidates = new ArrayList<>();
    for (T item : items) {
      if (test.test(item)) {
        candidates.add(item);
      }
    }
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  private SurveyResponse pickCounted() {
    List<SurveyResponse> counted = new ArrayList<>();
    for (ResponseKey key : sent.keySet()) {
      model.counted(key).ifPresent(counted::add);
    }
    return counted.isEmpty() ? null : counted.get(random.nextInt(counted.size()));
  }

  private Instant now() {
    return T0.plusMillis(clock);
  }

  private void send(SurveyResponse response) {
    InputEvent event = new InputEvent.Submit(response);
    events.add(event);
    model.apply(event);
    sent.computeIfAbsent(keyOf(response), key -> new ArrayList<>()).add(response);
  }

  private void withdraw(ResponseKey key, Instant at) {
    InputEvent event = new InputEvent.Withdraw(key, at);
    events.add(event);
    model.apply(event);
  }

  // ------------------------------------------------------------ what StrictRosterSteps uses

  Random random() {
    return random;
  }

  String cycle() {
    return cycle;
  }

  StrictRosterModel strictModel() {
    return strict;
  }

  List<String> teams() {
    return TEAMS;
  }

  /** Every key a response was sent for, in sending order. */
  Set<ResponseKey> keysSent() {
    return sent.keySet();
  }

  /** Every key the sequence may use: SELF raters about themselves, the others about every subject. */
  List<ResponseKey> allKeys() {
    List<ResponseKey> keys = new ArrayList<>();
    for (String rater : groupOfRater.keySet()) {
      for (String subject : subjects) {
        boolean self = groupOfRater.get(rater) == RaterGroup.SELF.ordinal();
        if (self == subject.equals(rater)) {
          keys.add(new ResponseKey(cycle, subject, rater));
        }
      }
    }
    return keys;
  }

  /** The team and group a first response of the key carries. */
  StrictRosterModel.Nomination expected(ResponseKey key) {
    return new StrictRosterModel.Nomination(teamOfSubject.get(key.getSubjectId()),
        groupOfKey.getOrDefault(key, RaterGroup.values()[groupOfRater.get(key.getRaterId())]));
  }

  /** Pools the non-self groups use (a relabel's or a nomination's other group). */
  Set<RaterGroup> pooledGroups() {
    return POOL.keySet();
  }

  void setGroupOfKey(ResponseKey key, RaterGroup group) {
    groupOfKey.put(key, group);
  }

  void tick() {
    clock += 60_000;
  }

  Instant nowForRoster() {
    return now();
  }

  void emit(InputEvent event) {
    events.add(event);
    model.apply(event);
  }

  /** A response of the key in the given team and group (its group from now on), at now, with these answers. */
  void sendAs(ResponseKey key, String team, RaterGroup group, List<Answer> answers) {
    groupOfKey.put(key, group);
    send(response(key, team, now(), answers));
  }

  List<Answer> newAnswers() {
    return randomAnswers();
  }

  private SurveyResponse response(ResponseKey key, String team, Instant submittedAt, List<Answer> answers) {
    RaterGroup group = groupOfKey.getOrDefault(key, RaterGroup.values()[groupOfRater.get(key.getRaterId())]);
    return SurveyResponse.newBuilder()
        .setResponseId(key.getSubjectId() + "/" + key.getRaterId() + "@" + submittedAt.toEpochMilli() + "#"
            + events.size())
        .setCycleId(cycle)
        .setTeamId(team)
        .setSubjectId(key.getSubjectId())
        .setRaterId(key.getRaterId())
        .setRaterGroup(group)
        .setSubmittedAt(submittedAt)
        .setInstrumentId("privacy-property")
        .setInstrumentVersion(1)
        .setAnswers(answers)
        .build();
  }

  /** Random answers; sometimes a whole cell is not observed, rarely the whole response (then not a rater). */
  private List<Answer> randomAnswers() {
    boolean nothing = random.nextInt(30) == 0;
    List<Answer> answers = new ArrayList<>();
    for (Axis axis : Axis.values()) {
      for (Pole pole : Pole.values()) {
        boolean blankCell = nothing || random.nextInt(10) == 0;
        for (int item = 1; item <= itemsPerCell; item++) {
          String id = axis.name() + "_" + (pole == Pole.LEADER ? "L" : "M") + item;
          answers.add(new Answer(id, axis, pole, blankCell ? null : randomScore()));
        }
      }
    }
    return answers;
  }

  private Integer randomScore() {
    return random.nextInt(10) == 0 ? null : 1 + random.nextInt(5);
  }

  private static ResponseKey keyOf(SurveyResponse response) {
    return new ResponseKey(response.getCycleId(), response.getSubjectId(), response.getRaterId());
  }
}
