package dev.feedback360.producer.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.feedback360.producer.parse.Columns;
import dev.feedback360.producer.parse.ResponseRow;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes rows as JSON Lines: scores that are whole numbers become JSON numbers, blank becomes null, anything else
 * (such as {@code NA}) a string.
 */
final class JsonLinesRowWriter {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

  private JsonLinesRowWriter() {}

  static void write(List<ResponseRow> rows, List<String> itemIds, Writer out) throws IOException {
    for (ResponseRow row : rows) {
      try (JsonGenerator json = FACTORY.createGenerator(out)) {
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.writeStartObject();
        json.writeStringField(Columns.RESPONSE_ID, row.responseId());
        json.writeStringField(Columns.CYCLE_ID, row.cycleId());
        json.writeStringField(Columns.TEAM_ID, row.teamId());
        json.writeStringField(Columns.SUBJECT_ID, row.subjectId());
        json.writeStringField(Columns.RATER_ID, row.raterId());
        json.writeStringField(Columns.RATER_GROUP, row.raterGroup());
        json.writeStringField(Columns.SUBMITTED_AT, row.submittedAt());
        json.writeObjectFieldStart(Columns.ANSWERS);
        for (String itemId : itemIds) {
          String score = row.scores().get(itemId);
          if (score == null) {
            continue;
          }
          json.writeFieldName(itemId);
          if (score.isEmpty()) {
            json.writeNull();
          } else if (NUMBER.matcher(score).matches()) {
            json.writeNumber(Integer.parseInt(score));
          } else {
            json.writeString(score);
          }
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      out.write('\n');
    }
  }
}
