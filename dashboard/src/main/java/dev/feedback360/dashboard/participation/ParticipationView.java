package dev.feedback360.dashboard.participation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.dashboard.live.LiveUpdates;
import dev.feedback360.dashboard.live.ScoresTail;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value per key of {@code team-participation-json}, in memory, kept by a {@link ScoresTail#replay replay}
 * of the topic (every partition, {@code read_committed}): every instance of the app holds every team, so any
 * instance answers on its own. Once the replay has reached the end it also hands every change to the live updates.
 *
 * <p>Participation is small (one value per team and cycle, a few hundred bytes), so the whole topic fits in memory;
 * the topic is compacted, so a restart reads about one record per team.
 */
public final class ParticipationView implements ScoresTail.Listener {

  /** Whether the view can answer. */
  public enum State {
    /** Not following the topic yet, or still reading it up to its end: answers would be incomplete. */
    STARTING,
    /** Holds every committed value up to at least the end of the topic when the app started, and follows it. */
    READY,
    /** The consumer stopped on an error (logged); the values would no longer change. */
    FAILED
  }

  /**
   * One team's participation.
   *
   * @param json the value exactly as in the topic
   * @param value the same, parsed
   */
  public record Team(String key, String cycleId, String teamId, String json, JsonNode value) {}

  private static final Logger LOG = LoggerFactory.getLogger(ParticipationView.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Team> teams = new ConcurrentHashMap<>();
  private final LiveUpdates live;
  private final String topic;
  private volatile State state = State.STARTING;

  /**
   * A view that will follow {@code topic} once a tail is started with it as listener.
   *
   * @param live where to push changes once the view is ready
   */
  public ParticipationView(LiveUpdates live, String topic) {
    this.live = live;
    this.topic = topic;
  }

  /** Whether the view can answer. */
  public State state() {
    return state;
  }

  /** The topic followed, for messages. */
  public String topic() {
    return topic;
  }

  /** The team's participation in the cycle, if it has some. */
  public Optional<Team> team(String cycle, String teamId) {
    Team team = teams.get(cycle + "/" + teamId);
    return team != null && team.cycleId().equals(cycle) && team.teamId().equals(teamId) ? Optional.of(team)
        : Optional.empty();
  }

  /** The participation of every team of the cycle, ordered by team id. */
  public List<Team> cycle(String cycle) {
    return teams.values().stream()
        .filter(team -> team.cycleId().equals(cycle))
        .sorted(Comparator.comparing(Team::teamId))
        .toList();
  }

  /** Every team of every cycle, ordered by cycle and team. */
  public List<Team> all() {
    return teams.values().stream()
        .sorted(Comparator.comparing(Team::cycleId).thenComparing(Team::teamId))
        .toList();
  }

  @Override
  public void onReady() {
    state = State.READY;
    LOG.info("Participation: {} teams read from {}", teams.size(), topic);
    live.participationSettled();
  }

  @Override
  public void onChange(String key, String json) {
    Team team = parse(key, json);
    if (team == null) {
      return;
    }
    teams.put(key, team);
    if (state == State.READY) {
      live.participationChanged(team.cycleId(), team.teamId(), json);
    }
  }

  @Override
  public void onDeleted(String key) {
    Team removed = teams.remove(key);
    if (state == State.READY) {
      String[] cycleAndTeam = removed != null ? new String[] {removed.cycleId(), removed.teamId()}
          : LiveUpdates.split(key);
      live.participationDeleted(key, cycleAndTeam[0], cycleAndTeam[1]);
    }
  }

  @Override
  public void onFailed() {
    state = State.FAILED;
    live.participationSettled();
  }

  /**
   * The team of a value, or null (logged) if the value is not a JSON object naming its cycle and team: then the
   * previous value of the key stays, as a reader of the topic must not stop at one bad record.
   */
  private Team parse(String key, String json) {
    JsonNode value;
    try {
      value = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      LOG.error("Ignoring a value of topic {} under key '{}' that is not JSON ({}); the key keeps its previous value. "
          + "Only the streams app should write to this topic", topic, key, e.getOriginalMessage());
      return null;
    }
    if (value == null || !value.isObject() || !value.path("cycleId").isTextual()
        || !value.path("teamId").isTextual()) {
      LOG.error("Ignoring a value of topic {} under key '{}' without the text fields cycleId and teamId of the "
          + "participation contract; the key keeps its previous value. Only the streams app should write to this "
          + "topic", topic, key);
      return null;
    }
    return new Team(key, value.get("cycleId").asText(), value.get("teamId").asText(), json, value);
  }
}
