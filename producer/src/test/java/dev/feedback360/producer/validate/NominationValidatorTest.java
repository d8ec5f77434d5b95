package dev.feedback360.producer.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.producer.parse.NominationReader;
import dev.feedback360.producer.parse.NominationRow;
import dev.feedback360.producer.testing.Fixtures;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NominationValidatorTest {

  private final NominationValidator validator = new NominationValidator(Fixtures.PSEUDONYMISER, Fixtures.CLOCK);

  @Test
  void shouldPseudonymiseTheRaterExactlyAsAResponseIsKeyed() {
    ValidatedNomination peer = validator.validate(row("T1", "S1", "P1", "peer", ""), NominationReader.Use.NOMINATE);
    ValidatedNomination self = validator.validate(row("T1", "S1", "S1", "Self", "2026-09-01T10:00:00+02:00"),
        NominationReader.Use.NOMINATE);

    // The response of the same rater about the same subject has this key (withdrawals build it the same way)
    ResponseKey peerKey = Fixtures.validator().keyOf("2026-H2", "S1", "P1");
    ResponseKey selfKey = Fixtures.validator().keyOf("2026-H2", "S1", "S1");
    assertThat(selfKey.getRaterId()).isNotEqualTo(Fixtures.PSEUDONYMISER.pseudonymise("S1"));
    assertThat(peer).isEqualTo(new ValidatedNomination.Accepted(2, peerKey,
        new Nomination("2026-H2", "T1", "S1", peerKey.getRaterId(), RaterGroup.PEER, null)));
    assertThat(self).isEqualTo(new ValidatedNomination.Accepted(2, selfKey,
        new Nomination("2026-H2", "T1", "S1", selfKey.getRaterId(), RaterGroup.SELF,
            Instant.parse("2026-09-01T08:00:00Z"))));
  }

  @Test
  void shouldListEveryProblemOfARowWithoutItsValues() {
    ValidatedNomination result = validator.validate(row("", "S1", "S1", "manager", "2026-09-01 10:00"),
        NominationReader.Use.NOMINATE);

    assertThat(result).isEqualTo(new ValidatedNomination.Rejected(2, "team_id is missing; rater_id equals "
        + "subject_id but rater_group is MANAGER; a self-rating must be SELF; nominated_at is not an ISO-8601 "
        + "date-time with offset, for example 2026-10-01T09:00:00Z (10 characters read)", "source"));
  }

  @Test
  void shouldRejectAnUnknownGroupASelfMismatchAndANominationTimeFarAhead() {
    assertThat(validator.validate(row("T1", "S1", "P1", "boss", ""), NominationReader.Use.NOMINATE))
        .isEqualTo(new ValidatedNomination.Rejected(2, "rater_group is not one of [SELF, MANAGER, PEER, "
            + "DIRECT_REPORT, OTHER] (in any case)", "source"));
    assertThat(validator.validate(row("T1", "S1", "P1", "SELF", "2026-10-01T10:00:01Z"),
        NominationReader.Use.NOMINATE)).isEqualTo(new ValidatedNomination.Rejected(2,
            "rater_group is SELF but "
                + "rater_id differs from subject_id; nominated_at is more than 60 minutes in the future",
            "source"));
  }

  @Test
  void shouldAcceptARemovalWithTheKeyOnlyAndRejectOneWithoutARater() {
    NominationRow.Row removal = new NominationRow.Row(3, "2026-H2", null, "S1", "S1", null, null, Map.of(), "s");
    NominationRow.Row noRater = new NominationRow.Row(4, "2026-H2", "T1", "S1", " ", "PEER", null, Map.of(), "s");

    assertThat(validator.validate(removal, NominationReader.Use.REMOVE))
        .isEqualTo(new ValidatedNomination.Accepted(3, Fixtures.validator().keyOf("2026-H2", "S1", "S1"), null));
    assertThat(validator.validate(noRater, NominationReader.Use.REMOVE))
        .isEqualTo(new ValidatedNomination.Rejected(4, "rater_id is missing", "s"));
  }

  @Test
  void shouldRejectAnUnreadableRowWithItsReason() {
    assertThat(validator.validate(new NominationRow.Unreadable(7, "has 2 fields but the header has 5", "a,b"),
        NominationReader.Use.NOMINATE))
        .isEqualTo(new ValidatedNomination.Rejected(7, "has 2 fields but the header has 5", "a,b"));
  }

  private static NominationRow.Row row(String team, String subject, String rater, String group, String at) {
    return new NominationRow.Row(2, "2026-H2", team, subject, rater, group, at, Map.of(), "source");
  }
}
