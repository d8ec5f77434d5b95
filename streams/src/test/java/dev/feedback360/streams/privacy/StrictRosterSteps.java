package dev.feedback360.streams.privacy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * HR's roster beside {@link RandomSequences} under {@code --roster strict} (docs/hr-guide.md, "Nominate" and "Open or
 * strict roster"): nominations for some keys up front, most raters nominated just before they answer, some after
 * (their responses held until then), some with a wrong team or group fixed later, some never; nominations removed,
 * moved to another team or group, re-added; raters answering again after such an erasure (with new answers or their
 * erased ones); HR's relabels and team moves done the documented way (the response sent again in the new team or
 * group, then the nomination moved, at once or later; or never, the response left held); export fixes of held
 * responses (some writing a whole cell with one value); nominations sent again unchanged.
 */
final class StrictRosterSteps {

  private final RandomSequences sequence;
  private final Random random;
  private final StrictRosterModel model;
  /** Keys whose response came (or will come) before their nomination: nominated later. */
  private final Set<ResponseKey> late = new LinkedHashSet<>();
  /** Keys whose nomination does not match their response yet: HR moves it later. */
  private final Set<ResponseKey> toFix = new LinkedHashSet<>();
  /** Keys whose nomination was removed: HR may add it again. */
  private final Set<ResponseKey> removed = new LinkedHashSet<>();
  /** Keys whose response was erased by a roster change: the rater may answer again. */
  private final Set<ResponseKey> erased = new LinkedHashSet<>();
  /** The answers a roster change erased, per key (a rater may send them again). */
  private final Map<ResponseKey, List<Answer>> erasedAnswers = new HashMap<>();

  StrictRosterSteps(RandomSequences sequence) {
    this.sequence = sequence;
    this.random = sequence.random();
    this.model = sequence.strictModel();
  }

  /** Two sequences in three start with a few keys nominated up front (some never answered). */
  void upFront() {
    if (random.nextInt(3) == 0) {
      return;
    }
    List<ResponseKey> keys = new ArrayList<>(sequence.allKeys());
    int count = 2 + random.nextInt(5);
    for (int i = 0; i < count && !keys.isEmpty(); i++) {
      ResponseKey key = keys.remove(random.nextInt(keys.size()));
      nominate(key, sequence.expected(key));
    }
  }

  /** Before a key's first response: nominated now (three in four), later (one in ten),
   * with a wrong team or group (one in ten), or never (one in twenty). */
  void beforeFirstResponse(ResponseKey key) {
    if (model.nomination(key).isPresent()) {
      return;
    }
    int roll = random.nextInt(20);
    StrictRosterModel.Nomination expected = sequence.expected(key);
    if (roll < 15) {
      nominate(key, expected);
      sequence.tick();
    } else if (roll < 17) {
      late.add(key);
    } else if (roll < 19) {
      nominate(key, other(expected));
      toFix.add(key);
      sequence.tick();
    }
  }

  /**
   * After a response was sent again in another team or group (a relabel or a move): HR moves the nomination at once
   * (the documented way), later, or never (the response stays held).
   */
  void afterResend(ResponseKey key) {
    SurveyResponse latest = model.latest(key).orElse(null);
    if (latest == null || model.counted(key).isPresent() || model.nomination(key).isEmpty()) {
      return;
    }
    int roll = random.nextInt(10);
    if (roll < 6) {
      nominate(key, new StrictRosterModel.Nomination(latest.getTeamId(), latest.getRaterGroup()));
      sequence.tick();
    } else if (roll < 8) {
      toFix.add(key);
    }
  }

  /** One roster step, one step in five; false where none was taken (the open generator's step follows). */
  boolean step() {
    if (random.nextInt(100) >= 20) {
      return false;
    }
    int roll = random.nextInt(100);
    if (roll < 30) {
      return nominateLate();
    } else if (roll < 43) {
      return fixNomination();
    } else if (roll < 54) {
      return removeNomination();
    } else if (roll < 65) {
      return moveNomination();
    } else if (roll < 72) {
      return reAdd();
    } else if (roll < 82) {
      return answerAgain();
    } else if (roll < 90) {
      return fixHeld();
    } else if (roll < 95) {
      return rosterChangeOfAHeldResponse();
    } else {
      return nominationSentAgain();
    }
  }

  /** A key whose response came first is nominated: the held response counts (no need to send it again). */
  private boolean nominateLate() {
    ResponseKey key = pick(late, candidate -> model.latest(candidate).isPresent());
    if (key == null) {
      return false;
    }
    late.remove(key);
    nominateAsAnswered(key);
    return true;
  }

  /** Nominates the key for the team and group its latest response (held) carries. */
  private void nominateAsAnswered(ResponseKey key) {
    SurveyResponse latest = model.latest(key).orElseThrow();
    nominate(key, new StrictRosterModel.Nomination(latest.getTeamId(), latest.getRaterGroup()));
  }

  /** HR moves a nomination to the team and group of the held response (the relabel's second half). */
  private boolean fixNomination() {
    ResponseKey key = pick(toFix, candidate -> model.held(candidate) && model.nomination(candidate).isPresent());
    if (key == null) {
      return false;
    }
    toFix.remove(key);
    nominateAsAnswered(key);
    return true;
  }

  /** A nomination of a counted response removed: the response is erased (a person who left, a mistake). */
  private boolean removeNomination() {
    ResponseKey key = pickCounted();
    if (key == null) {
      return false;
    }
    erasedAnswers.put(key, model.counted(key).orElseThrow().getAnswers());
    sequence.emit(new InputEvent.Unnominate(key, sequence.nowForRoster()));
    removed.add(key);
    erased.add(key);
    return true;
  }

  /** A nomination of a counted response moved to another team or group first (not the documented way): erased. */
  private boolean moveNomination() {
    ResponseKey key = pickCounted();
    if (key == null) {
      return false;
    }
    SurveyResponse counted = model.counted(key).orElseThrow();
    erasedAnswers.put(key, counted.getAnswers());
    StrictRosterModel.Nomination to =
        other(new StrictRosterModel.Nomination(counted.getTeamId(), counted.getRaterGroup()));
    nominate(key, to);
    erased.add(key);
    return true;
  }

  /** A removed nomination added again: the erased response does not come back. */
  private boolean reAdd() {
    ResponseKey key = pick(removed, candidate -> true);
    if (key == null) {
      return false;
    }
    removed.remove(key);
    if (model.nomination(key).isPresent()) {
      return false;
    }
    nominate(key, sequence.expected(key));
    return true;
  }

  /**
   * A rater whose response a roster change erased answers again, in the team and group of their nomination (or, if
   * it was removed, as before): new answers, or now and then the erased answers again.
   */
  private boolean answerAgain() {
    ResponseKey key = pick(erased, candidate -> model.latest(candidate).isEmpty());
    if (key == null) {
      return false;
    }
    erased.remove(key);
    StrictRosterModel.Nomination where = model.nomination(key).orElse(sequence.expected(key));
    List<Answer> answers = random.nextInt(4) == 0 && erasedAnswers.containsKey(key) ? erasedAnswers.get(key)
        : sequence.newAnswers();
    sequence.sendAs(key, where.team(), where.group(), answers);
    return true;
  }

  /**
   * An export fix of a held response under the same id: a few answers changed, or (one time in two) every answer of
   * one cell set to 3 (docs/hr-guide.md: "where an export fix sent while it was held left a cell's answers all
   * alike, that cell waits for other raters' changes").
   */
  private boolean fixHeld() {
    ResponseKey key = pick(sequence.keysSent(), model::held);
    if (key == null) {
      return false;
    }
    SurveyResponse held = model.latest(key).orElseThrow();
    List<Answer> answers = new ArrayList<>(held.getAnswers());
    if (random.nextBoolean()) {
      int cell = random.nextInt(Cells.COUNT);
      for (int at = 0; at < answers.size(); at++) {
        Answer old = answers.get(at);
        if (Cells.of(old) == cell) {
          answers.set(at, new Answer(old.getItemId(), old.getAxis(), old.getPole(), 3));
        }
      }
    } else {
      int changes = 1 + random.nextInt(3);
      for (int i = 0; i < changes; i++) {
        int at = random.nextInt(answers.size());
        Answer old = answers.get(at);
        answers.set(at, new Answer(old.getItemId(), old.getAxis(), old.getPole(), 1 + random.nextInt(5)));
      }
    }
    sequence.sendAs(key, held.getTeamId(), held.getRaterGroup(), answers);
    return true;
  }

  /**
   * The nomination of a key whose response it does not answer (held) removed, or moved to a team or group the
   * response does not carry either: the docs say what a roster change does to the response that counts, not to a
   * held one; read here as leaving the held response as it is ({@link StrictRosterModel}).
   */
  private boolean rosterChangeOfAHeldResponse() {
    ResponseKey key =
        pick(sequence.keysSent(), candidate -> model.held(candidate) && model.nomination(candidate).isPresent());
    if (key == null) {
      return false;
    }
    SurveyResponse held = model.latest(key).orElseThrow();
    StrictRosterModel.Nomination answered = new StrictRosterModel.Nomination(held.getTeamId(), held.getRaterGroup());
    if (random.nextBoolean()) {
      sequence.emit(new InputEvent.Unnominate(key, sequence.nowForRoster()));
      late.add(key);
      return true;
    }
    StrictRosterModel.Nomination to = other(model.nomination(key).orElseThrow());
    if (to.equals(answered)) {
      return false;
    }
    nominate(key, to);
    toFix.add(key);
    return true;
  }

  /** A nomination sent again with the same team and group (an import run twice): changes nothing. */
  private boolean nominationSentAgain() {
    ResponseKey key = pick(sequence.allKeys(), candidate -> model.nomination(candidate).isPresent());
    if (key == null) {
      return false;
    }
    nominate(key, model.nomination(key).orElseThrow());
    return true;
  }

  private ResponseKey pickCounted() {
    return pick(sequence.keysSent(), key -> model.counted(key).isPresent());
  }

  /** {@link RandomSequences#pick} on this roster's random stream. */
  private ResponseKey pick(Collection<ResponseKey> keys, Predicate<ResponseKey> test) {
    return RandomSequences.pick(random, keys, test);
  }

  /** Another team, or (not for SELF) another pooled group. */
  private StrictRosterModel.Nomination other(StrictRosterModel.Nomination nomination) {
    List<String> teams = sequence.teams();
    if (nomination.group() == RaterGroup.SELF || random.nextBoolean()) {
      return new StrictRosterModel.Nomination(teams.get(1 - teams.indexOf(nomination.team())), nomination.group());
    }
    List<RaterGroup> groups = new ArrayList<>();
    for (RaterGroup group : sequence.pooledGroups()) {
      if (group != nomination.group()) {
        groups.add(group);
      }
    }
    return new StrictRosterModel.Nomination(nomination.team(), groups.get(random.nextInt(groups.size())));
  }

  private void nominate(ResponseKey key, StrictRosterModel.Nomination nomination) {
    sequence.emit(new InputEvent.Nominate(key, nomination.team(), nomination.group(), sequence.nowForRoster()));
  }
}
