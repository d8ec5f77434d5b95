package dev.feedback360.producer.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.Channel;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.ResponseReaders;
import dev.feedback360.producer.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional {@code channel} column of schema v2, in both formats. */
class ChannelFieldTest {

  @TempDir
  Path dir;

  private List<ValidatedRow> read(String name, String content, InputFormat format) throws Exception {
    Path file = Files.writeString(dir.resolve(name), content);
    List<ValidatedRow> rows = new ArrayList<>();
    try (ValidatingReader reader = new ValidatingReader(
        ResponseReaders.open(file, format, Fixtures.INSTRUMENT), Fixtures.validator())) {
      for (ValidatedRow row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void shouldCarryTheChannelOfACsvRowAndRejectAnUnknownOne() throws Exception {
    String csv = "response_id,cycle_id,team_id,subject_id,rater_id,rater_group,submitted_at,channel,CHANGE_L1\n"
        + "r1,2026-H2,team-01,emp-1,emp-2,PEER,2026-09-30T10:00:00Z,mobile,4\n"
        + "r2,2026-H2,team-01,emp-1,emp-3,PEER,2026-09-30T10:00:00Z,,4\n"
        + "r3,2026-H2,team-01,emp-1,emp-4,PEER,2026-09-30T10:00:00Z,carrier pigeon,4\n";

    List<ValidatedRow> rows = read("export.csv", csv, InputFormat.CSV);

    assertThat(rows).hasSize(3);
    assertThat(((ValidatedRow.Accepted) rows.get(0)).value().getChannel()).isEqualTo(Channel.MOBILE);
    assertThat(((ValidatedRow.Accepted) rows.get(1)).value().getChannel()).isNull();
    assertThat(((ValidatedRow.Rejected) rows.get(2)).reason()).startsWith("channel is not one of [WEB, MOBILE");
  }

  @Test
  void shouldCarryTheChannelOfAJsonLinesRow() throws Exception {
    String jsonl = "{\"response_id\":\"r1\",\"cycle_id\":\"2026-H2\",\"team_id\":\"team-01\",\"subject_id\":\"emp-1\","
        + "\"rater_id\":\"emp-2\",\"rater_group\":\"PEER\",\"submitted_at\":\"2026-09-30T10:00:00Z\","
        + "\"channel\":\"PAPER\",\"answers\":{\"CHANGE_L1\":4}}\n";

    List<ValidatedRow> rows = read("export.jsonl", jsonl, InputFormat.JSON_LINES);

    assertThat(((ValidatedRow.Accepted) rows.get(0)).value().getChannel()).isEqualTo(Channel.PAPER);
  }
}
