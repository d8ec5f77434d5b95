package dev.feedback360.streams.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.avro.Answer;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.streams.read.ResponsesScan;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.topics.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Exports the responses themselves: the responses topic read ({@code read_committed}) to its current end, the
 * response that counts per (cycle, subject, rater) kept by the topology's own rules, withdrawn ones absent. Rater
 * ids are the pseudonyms already on the topic; nothing else identifies a rater.
 *
 * <p>CSV columns follow the import format ({@code response_id,cycle_id,team_id,subject_id,rater_id,rater_group,
 * submitted_at}, then {@code instrument_id,instrument_version,channel}, then one column per item, empty = not
 * observed); JSON Lines objects carry the same fields with {@code answers} as item id -> score or null.
 */
public final class ResponsesExport {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What an export wrote.
   *
   * @param recordsRead records read from the topic
   * @param responsesWritten responses in the file
   * @param undecodable records that are not Avro responses (left out, as the streams app leaves them out)
   * @param invalid responses that fail the streams app's checks (left out likewise)
   * @param misplaced records on another partition than their key's (left out likewise: the app refuses them)
   */
  public record Result(long recordsRead, int responsesWritten, long undecodable, long invalid, long misplaced) {

    /** The records left out because the streams app refuses them. */
    public long leftOut() {
      return undecodable + invalid + misplaced;
    }
  }

  private ResponsesExport() {}

  /** Reads the topic and writes the counted responses in {@code scope} to {@code file}. */
  public static Result export(KafkaConnection kafka, String topic, InputScope scope, ExportFormat format,
      Path file, Duration timeout) {
    ResponsesScan scan = ResponsesScan.read(kafka, topic, scope, timeout);
    List<SurveyResponse> responses = scan.counted().counted();
    write(responses, format, file);
    return new Result(scan.recordsRead(), responses.size(), scan.undecodable(), scan.counted().invalid(),
        scan.misplaced());
  }

  static void write(List<SurveyResponse> responses, ExportFormat format, Path file) {
    List<String> items = itemIds(responses);
    AtomicFile.write(file, writer -> {
      if (format == ExportFormat.csv) {
        List<String> header = new ArrayList<>(List.of("response_id", "cycle_id", "team_id", "subject_id",
            "rater_id", "rater_group", "submitted_at", "instrument_id", "instrument_version", "channel"));
        header.addAll(items);
        writer.write(Csv.row(header));
        for (SurveyResponse response : responses) {
          writer.write(Csv.row(csvRow(response, items)));
        }
      } else {
        for (SurveyResponse response : responses) {
          writer.write(jsonLine(response));
          writer.write('\n');
        }
      }
    });
  }

  /** Item ids in the order they first appear. */
  private static List<String> itemIds(List<SurveyResponse> responses) {
    Set<String> ids = new LinkedHashSet<>();
    for (SurveyResponse response : responses) {
      for (Answer answer : response.getAnswers()) {
        ids.add(answer.getItemId());
      }
    }
    return List.copyOf(ids);
  }

  private static List<String> csvRow(SurveyResponse response, List<String> items) {
    List<String> cells = new ArrayList<>(List.of(response.getResponseId(), response.getCycleId(),
        response.getTeamId(), response.getSubjectId(), response.getRaterId(), response.getRaterGroup().name(),
        response.getSubmittedAt().toString(), response.getInstrumentId(),
        Integer.toString(response.getInstrumentVersion()), channel(response)));
    for (String item : items) {
      cells.add(response.getAnswers().stream()
          .filter(a -> a.getItemId().equals(item) && a.getScore() != null)
          .map(a -> Integer.toString(a.getScore()))
          .findFirst().orElse(""));
    }
    return cells;
  }

  private static String jsonLine(SurveyResponse response) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("response_id", response.getResponseId());
    node.put("cycle_id", response.getCycleId());
    node.put("team_id", response.getTeamId());
    node.put("subject_id", response.getSubjectId());
    node.put("rater_id", response.getRaterId());
    node.put("rater_group", response.getRaterGroup().name());
    node.put("submitted_at", response.getSubmittedAt().toString());
    node.put("instrument_id", response.getInstrumentId());
    node.put("instrument_version", response.getInstrumentVersion());
    node.put("channel", response.getChannel() == null ? null : response.getChannel().name());
    ObjectNode answers = node.putObject("answers");
    for (Answer answer : response.getAnswers()) {
      answers.put(answer.getItemId(), answer.getScore());
    }
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a response as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String channel(SurveyResponse response) {
    return response.getChannel() == null ? "" : response.getChannel().name();
  }
}
