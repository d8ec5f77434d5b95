package dev.feedback360.producer.validate;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Channel;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.producer.instrument.Instrument;
import dev.feedback360.producer.instrument.Item;
import dev.feedback360.producer.parse.Columns;
import dev.feedback360.producer.parse.ResponseRow;
import dev.feedback360.producer.parse.SafeText;
import dev.feedback360.producer.pseudonym.RaterPseudonymiser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a parsed row into the record key and value sent to Kafka, or a rejection listing every problem.
 *
 * <p>Rules: ids present, short and harmless ({@link IdRules}); rater group known (any case); a SELF rating has
 * rater = subject and any other group has rater != subject (compared on the raw ids, before pseudonymising); every
 * score blank/NA/na or a whole number 1 to 5, and only for items of the instrument; {@code submitted_at} with an
 * offset, not before 1970-01-01T00:00:00Z (Kafka refuses negative record timestamps) and at most one hour ahead of
 * the clock. The value carries the instrument id and version and one answer per
 * instrument item, in instrument order, with null for items not answered; the rater id is pseudonymised.
 */
public final class ResponseValidator {

  private final Instrument instrument;
  private final RaterPseudonymiser pseudonymiser;
  private final Clock clock;

  public ResponseValidator(Instrument instrument, RaterPseudonymiser pseudonymiser, Clock clock) {
    this.instrument = Objects.requireNonNull(instrument, "instrument");
    this.pseudonymiser = Objects.requireNonNull(pseudonymiser, "pseudonymiser");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Validates one row. */
  public Validation validate(ResponseRow row) {
    List<String> problems = new ArrayList<>();
    RaterRules.check(problems, Columns.RESPONSE_ID, row.responseId());
    Optional<RaterGroup> group = RaterRules.raterOfTeam(problems, row.cycleId(), row.teamId(), row.subjectId(),
        row.raterId(), row.raterGroup());
    SubmittedAt.Parsed submittedAt = SubmittedAt.parse(Columns.SUBMITTED_AT, row.submittedAt(), clock);
    if (submittedAt.problem() != null) {
      problems.add(submittedAt.problem());
    }
    List<Answer> answers = answers(row, problems);
    Channel channel = channel(row.channel(), problems);
    if (!problems.isEmpty()) {
      return new Validation.Invalid(String.join("; ", problems));
    }
    ResponseKey key = new ResponseKey(row.cycleId(), row.subjectId(),
        pseudonymiser.pseudonymise(row.raterId(), row.subjectId()));
    SurveyResponse value = SurveyResponse.newBuilder()
        .setResponseId(row.responseId())
        .setCycleId(key.getCycleId())
        .setTeamId(row.teamId())
        .setSubjectId(key.getSubjectId())
        .setRaterId(key.getRaterId())
        .setRaterGroup(group.get())
        .setSubmittedAt(submittedAt.instant())
        .setInstrumentId(instrument.id())
        .setInstrumentVersion(instrument.version())
        .setAnswers(answers)
        .setChannel(channel)
        .build();
    return new Validation.Valid(key, value);
  }

  /** The optional collection channel: blank means not given; otherwise one of {@link Channel}, any case. */
  private static Channel channel(String text, List<String> problems) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String normalised = text.strip().toUpperCase(Locale.ROOT);
    for (Channel channel : Channel.values()) {
      if (channel.name().equals(normalised)) {
        return channel;
      }
    }
    problems.add(Columns.CHANNEL + " is not one of " + Arrays.toString(Channel.values()) + " (in any case)");
    return null;
  }

  /**
   * The key under which a rater's response about a subject was sent, for a withdrawal.
   *
   * @throws IllegalArgumentException naming the invalid fields (never their values)
   */
  public ResponseKey keyOf(String cycleId, String subjectId, String rawRaterId) {
    Optional<String> problems = keyProblems(cycleId, subjectId, rawRaterId);
    if (problems.isPresent()) {
      throw new IllegalArgumentException("Cannot build the response key: " + problems.get());
    }
    return new ResponseKey(cycleId, subjectId, pseudonymiser.pseudonymise(rawRaterId, subjectId));
  }

  /**
   * What is wrong with the ids of a response key, for example of a withdrawal, separated by {@code "; "} and naming
   * the fields (never their values); empty when {@link #keyOf} would accept them.
   */
  public Optional<String> keyProblems(String cycleId, String subjectId, String rawRaterId) {
    return RaterRules.keyProblems(cycleId, subjectId, rawRaterId);
  }

  /** The instrument responses are validated against. */
  public Instrument instrument() {
    return instrument;
  }

  private List<Answer> answers(ResponseRow row, List<String> problems) {
    row.scores().keySet().stream()
        .filter(itemId -> instrument.item(itemId).isEmpty())
        .forEach(itemId -> problems.add("unknown item " + SafeText.name(itemId) + " for instrument "
            + instrument.id() + " v" + instrument.version()));
    List<Answer> answers = new ArrayList<>(instrument.items().size());
    for (Item item : instrument.items()) {
      Scores.Score score = Scores.parse(item.id(), row.scores().get(item.id()));
      if (score.problem() != null) {
        problems.add(score.problem());
      }
      answers.add(new Answer(item.id(), item.axis(), item.pole(), score.value()));
    }
    return answers;
  }
}
