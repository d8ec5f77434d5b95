package dev.feedback360.producer.validate;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.producer.parse.Columns;
import dev.feedback360.producer.parse.NominationReader;
import dev.feedback360.producer.parse.NominationRow;
import dev.feedback360.producer.pseudonym.RaterPseudonymiser;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a row of a nominations file into the record key and value sent to Kafka, or a rejection listing every
 * problem, with the rules of a response ({@link ResponseValidator}): ids present, short and harmless; rater group
 * known (any case); a SELF nomination has rater = subject and any other has rater != subject; the rater id
 * pseudonymised with the same key and the same self domain, so that a nomination's key is byte for byte the key of
 * the response that answers it. {@code nominated_at} is optional; when given, it is read like {@code submitted_at}.
 * A removal needs only the key's ids.
 */
public final class NominationValidator {

  private final RaterPseudonymiser pseudonymiser;
  private final Clock clock;

  public NominationValidator(RaterPseudonymiser pseudonymiser, Clock clock) {
    this.pseudonymiser = Objects.requireNonNull(pseudonymiser, "pseudonymiser");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Validates one row read for a nomination ({@link NominationReader.Use#NOMINATE}) or a removal. */
  public ValidatedNomination validate(NominationRow read, NominationReader.Use use) {
    if (read instanceof NominationRow.Unreadable unreadable) {
      return new ValidatedNomination.Rejected(unreadable.line(), unreadable.reason(), unreadable.sourceText());
    }
    NominationRow.Row row = (NominationRow.Row) read;
    if (use == NominationReader.Use.REMOVE) {
      Optional<String> problems = RaterRules.keyProblems(row.cycleId(), row.subjectId(), row.raterId());
      return problems.isPresent()
          ? new ValidatedNomination.Rejected(row.line(), problems.get(), row.sourceText())
          : new ValidatedNomination.Accepted(row.line(), key(row), null);
    }
    List<String> problems = new ArrayList<>();
    Optional<RaterGroup> group = RaterRules.raterOfTeam(problems, row.cycleId(), row.teamId(), row.subjectId(),
        row.raterId(), row.raterGroup());
    Instant nominatedAt = null;
    if (row.nominatedAt() != null && !row.nominatedAt().isBlank()) {
      SubmittedAt.Parsed parsed = SubmittedAt.parse(Columns.NOMINATED_AT, row.nominatedAt(), clock);
      if (parsed.problem() != null) {
        problems.add(parsed.problem());
      }
      nominatedAt = parsed.instant();
    }
    if (!problems.isEmpty()) {
      return new ValidatedNomination.Rejected(row.line(), String.join("; ", problems), row.sourceText());
    }
    ResponseKey key = key(row);
    Nomination value = Nomination.newBuilder()
        .setCycleId(key.getCycleId())
        .setTeamId(row.teamId())
        .setSubjectId(key.getSubjectId())
        .setRaterId(key.getRaterId())
        .setRaterGroup(group.get())
        .setNominatedAt(nominatedAt)
        .build();
    return new ValidatedNomination.Accepted(row.line(), key, value);
  }

  private ResponseKey key(NominationRow.Row row) {
    return new ResponseKey(row.cycleId(), row.subjectId(), pseudonymiser.pseudonymise(row.raterId(),
        row.subjectId()));
  }
}
