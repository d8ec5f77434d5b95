package dev.feedback360.streams.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.topics.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a participation topic ({@code team-participation-json}: key {@code cycleId/teamId}, value the participation
 * JSON contract, null = the team has no participation any more) from the beginning up to its current end with
 * {@code read_committed}, and returns the latest value per team. Uses no consumer group: nothing is committed.
 */
public final class ParticipationReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One team's participation.
   *
   * @param json the value exactly as in the topic
   * @param value the same, parsed
   */
  public record TeamParticipation(String cycleId, String teamId, String json, JsonNode value) {}

  private final KafkaConnection kafka;
  private final Duration timeout;

  public ParticipationReader(KafkaConnection kafka, Duration timeout) {
    this.kafka = kafka;
    this.timeout = timeout;
  }

  /**
   * The latest committed participation of every team of {@code cycle}, sorted by team id.
   *
   * @param team keeps only this team when not null
   * @throws IllegalStateException if the topic does not exist, the end is not reached within the timeout, or a value
   *     is not the participation contract (with its partition and offset)
   */
  public List<TeamParticipation> read(String topic, String cycle, String team) {
    return readWithCycles(topic, cycle, team).teams();
  }

  /**
   * What {@link #read} returns, and the cycles that have participation.
   *
   * @param teams the latest committed participation of the teams asked for, sorted by team id
   * @param cycles every cycle with at least one team's participation, sorted, whatever cycle was asked for
   */
  public record Participation(List<TeamParticipation> teams, SortedSet<String> cycles) {}

  /** {@link #read}, with the cycles that have participation, so that an empty answer can say which there are. */
  public Participation readWithCycles(String topic, String cycle, String team) {
    Map<String, TeamParticipation> latest = new HashMap<>();
    new TopicScan(kafka, timeout).scan(topic, record -> apply(record, latest));
    List<TeamParticipation> teams = latest.values().stream()
        .filter(p -> p.cycleId().equals(cycle) && (team == null || p.teamId().equals(team)))
        .sorted(Comparator.comparing(TeamParticipation::teamId))
        .toList();
    SortedSet<String> cycles = new TreeSet<>();
    latest.values().forEach(p -> cycles.add(p.cycleId()));
    return new Participation(teams, cycles);
  }

  private static void apply(ConsumerRecord<byte[], byte[]> record, Map<String, TeamParticipation> latest) {
    if (record.key() == null) {
      throw new IllegalStateException(where(record) + " has no key; the participation topic's keys are "
          + "\"cycleId/teamId\": is this the right topic?");
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      latest.remove(key);
      return;
    }
    String json = new String(record.value(), StandardCharsets.UTF_8);
    JsonNode value;
    try {
      value = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(where(record) + " is not JSON (" + e.getOriginalMessage() + "); is this the "
          + "participation topic?", e);
    }
    if (value == null || !value.path("cycleId").isTextual() || !value.path("teamId").isTextual()
        || !value.path("groups").isObject()) {
      throw new IllegalStateException(where(record) + " is not a participation value (no cycleId, teamId and "
          + "groups); is this the participation topic?");
    }
    latest.put(key, new TeamParticipation(value.get("cycleId").asText(), value.get("teamId").asText(), json, value));
  }

  private static String where(ConsumerRecord<byte[], byte[]> record) {
    return "The record at " + record.topic() + "-" + record.partition() + " offset " + record.offset();
  }
}
