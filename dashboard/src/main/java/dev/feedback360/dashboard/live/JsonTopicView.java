package dev.feedback360.dashboard.live;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.streams.json.JsonNumbers;
import dev.feedback360.topics.JsonKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest committed value per key of one of the app's JSON topics ({@code team-scores-json},
 * {@code team-participation-json}: key {@code cycleId/teamId}, value a JSON object naming its cycle and team), in
 * memory, kept by a {@link ScoresTail#replay replay} of the topic (every partition, {@code read_committed}). Every
 * instance of the app holds every team, so any instance answers on its own, and only with values a committed
 * transaction published: never the changes of a transaction still open, which may yet abort (the app's state stores
 * hold those too; Kafka Streams' stores are not transactional). Once the replay has reached the end it hands every
 * change on to its {@link Feed} (the live updates), in the order it applies them.
 *
 * <p>A value is held as the topic's text while its team changes, and deflated once the team is left alone ({@link
 * Team}): a few hundred bytes per team of a cycle past; the topics are compacted, so a restart reads about one
 * record per team.
 */
public final class JsonTopicView implements ScoresTail.Listener {

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
   * One team's value: held as the topic's text while the team changed lately ({@link #WARM_TEAMS}), deflated after
   * ({@link PackedJson}), which a reader never sees: {@link #json} is the text either way. Compared by identity.
   */
  public static final class Team {
    private final String key;
    private final String cycleId;
    private final String teamId;
    /** The value exactly as in the topic (a String), or that text packed (a byte[]). */
    private final Object body;

    Team(String key, String cycleId, String teamId, String json) {
      this(key, cycleId, teamId, (Object) json);
    }

    private Team(String key, String cycleId, String teamId, Object body) {
      this.key = key;
      this.cycleId = cycleId;
      this.teamId = teamId;
      this.body = body;
    }

    /** The key of the record the value came from. */
    public String key() {
      return key;
    }

    /** The value's {@code cycleId}. */
    public String cycleId() {
      return cycleId;
    }

    /** The value's {@code teamId}. */
    public String teamId() {
      return teamId;
    }

    /** The value exactly as in the topic. */
    public String json() {
      return body instanceof byte[] packed ? PackedJson.text(packed) : (String) body;
    }

    /** The value, parsed (it was checked to be a JSON object when it was read). */
    public ObjectNode value() {
      try {
        return (ObjectNode) JSON.readTree(json());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("A value of key '" + key + "' that parsed when it was read does not now", e);
      }
    }

    /** Whether the value is held packed. */
    boolean packed() {
      return body instanceof byte[];
    }

    /** The same team with its value packed. */
    Team pack(PackedJson.Packer packer) {
      return body instanceof String text ? new Team(key, cycleId, teamId, packer.pack(text)) : this;
    }

    @Override
    public String toString() {
      return "Team[" + key + "]";
    }
  }

  /** Where the view hands on what it reads, once it is ready. Called on the tail's thread, one call at a time. */
  public interface Feed {

    /** The view has read its topic to the end: every later change will be handed on. */
    void ready();

    /** The view stopped following its topic for good (logged): no change will follow. */
    void failed();

    /** A team's value changed. */
    void changed(Team team);

    /** A team has no value any more (a tombstone). */
    void deleted(String key, String cycleId, String teamId);
  }

  /** Brings the view up to what its topic holds now. */
  @FunctionalInterface
  public interface Currency {

    /**
     * Waits until the view holds every value committed to the topic before this call.
     *
     * @return false when {@code timeout} passed first
     * @throws dev.feedback360.dashboard.query.StoreUnavailableException when the topic's end cannot be read now
     */
    boolean await(Duration timeout) throws InterruptedException;
  }

  /**
   * The teams changed most lately, whose values are held as text; a team's value is packed once this many other teams
   * changed since its own last change. The app rewrites a working team's value on most of its changes, so a survey
   * with up to this many teams at work packs each once it is left alone, not at every change (a pack takes about
   * 17 us; more teams at work than this pack one value per change, on the tail's thread).
   */
  static final int WARM_TEAMS = 8192;

  private static final Logger LOG = LoggerFactory.getLogger(JsonTopicView.class);
  private static final ObjectMapper JSON = JsonNumbers.mapper();

  /**
   * Per team, by the key its value gives it ({@link JsonKeys#of} of its cycle and team), whatever key its record had:
   * a version before JsonKeys escaped the cycle id wrote {@code cycleId/teamId} as it is, and such a record stays on
   * the compacted topic beside the team's records under its own key (upgrade review 67).
   */
  private final Map<String, Team> teams = new ConcurrentHashMap<>();
  /** Of the teams held from a record under an earlier version's key: that key, to the team's own (tail thread only). */
  private final Map<String, String> earlierKeys = new HashMap<>();
  /**
   * The teams' own keys whose latest record read is a tombstone (tail thread only): an earlier version's record of such
   * a team, read after it from another partition, is older than the tombstone and must not bring the team back.
   */
  private final Set<String> tombstoned = new HashSet<>();
  /** The {@link #WARM_TEAMS} teams changed most lately, by their own keys, least lately first (tail thread only). */
  private final LinkedHashMap<String, Team> warm = new LinkedHashMap<>();
  private final PackedJson.Packer packer = new PackedJson.Packer();
  /** Every cycle id read, once (tail thread only). */
  private final Map<String, String> cycleIds = new HashMap<>();
  private final Feed feed;
  private final String topic;
  private volatile State state = State.STARTING;
  private volatile Currency currency;

  /**
   * A view that will follow {@code topic} once a tail is started with it as listener.
   *
   * @param feed where to hand changes on once the view is ready
   */
  public JsonTopicView(Feed feed, String topic) {
    this.feed = feed;
    this.topic = topic;
  }

  /** Whether the view can answer. */
  public State state() {
    return state;
  }

  /** How {@link #awaitCurrent} brings the view up to its topic: given once the tail that fills it is started. */
  public void currentWith(Currency currency) {
    this.currency = currency;
  }

  /**
   * Waits until the view holds every value committed to its topic before this call: what makes an absent team
   * absent for sure, and a list complete, not just as far as the view has read.
   *
   * @return false when {@code timeout} passed first, or no way to know was given yet
   */
  public boolean awaitCurrent(Duration timeout) throws InterruptedException {
    Currency check = currency;
    return check != null && check.await(timeout);
  }

  /** The topic followed, for messages. */
  public String topic() {
    return topic;
  }

  /** The team's value in the cycle, if it has one. */
  public Optional<Team> team(String cycle, String teamId) {
    return Optional.ofNullable(teams.get(JsonKeys.of(cycle, teamId)));
  }

  /** The value of every team of the cycle, or (cycle null) of every cycle, ordered by cycle and team. */
  public List<Team> teams(String cycle) {
    return teams.values().stream()
        .filter(team -> cycle == null || team.cycleId().equals(cycle))
        .sorted(Comparator.comparing(Team::cycleId).thenComparing(Team::teamId))
        .toList();
  }

  @Override
  public void onReady() {
    state = State.READY;
    LOG.info("{} teams read from {}", teams.size(), topic);
    feed.ready();
  }

  @Override
  public void onChange(String key, String json) {
    Team team = parse(key, json);
    if (team == null) {
      return;
    }
    String own = JsonKeys.of(team.cycleId(), team.teamId());
    if (own.equals(key)) {
      own = key; // one string for the map and the team
      tombstoned.remove(own);
    } else {
      // An earlier version's record of the team (its cycle id holds '/' or '%'). A record under the team's own key is
      // what the app writes now: it wins, whichever of the two partitions is read first.
      Team held = teams.get(own);
      if (held != null && held.key().equals(own) || tombstoned.contains(own)) {
        return;
      }
      earlierKeys.put(key, own);
    }
    teams.put(own, team);
    warm.remove(own);
    warm.put(own, team);
    if (warm.size() > WARM_TEAMS) {
      Iterator<Map.Entry<String, Team>> eldest = warm.entrySet().iterator();
      Map.Entry<String, Team> cooled = eldest.next();
      eldest.remove();
      teams.replace(cooled.getKey(), cooled.getValue(), cooled.getValue().pack(packer));
    }
    if (state == State.READY) {
      feed.changed(team);
    }
  }

  @Override
  public void onDeleted(String key) {
    // A tombstone under a team's own key removes the team, whichever record its value came from; one under an
    // earlier version's key removes the team held from that record. A key can be both (cycle "a" with team "b/c" is
    // keyed as cycle "a/b" with team "c" was before JsonKeys): then the key's latest record on the topic is this
    // tombstone, and neither team has a value under it any more.
    Team removed = teams.remove(key);
    warm.remove(key);
    String[] keyed = JsonKeys.split(key);
    if (JsonKeys.of(keyed[0], keyed[1]).equals(key)) {
      tombstoned.add(key);
    }
    String own = earlierKeys.remove(key);
    Team earlier = own == null ? null : teams.get(own);
    if (earlier != null && earlier.key().equals(key)) {
      teams.remove(own);
      warm.remove(own);
    } else {
      earlier = null;
    }
    if (state != State.READY) {
      return;
    }
    if (removed == null && earlier == null) {
      feed.deleted(key, keyed[0], keyed[1]);
    }
    for (Team team : new Team[] {removed, earlier}) {
      if (team != null) {
        feed.deleted(key, team.cycleId(), team.teamId());
      }
    }
  }

  @Override
  public void onFailed() {
    state = State.FAILED;
    feed.failed();
  }

  /**
   * The team of a value, or null (logged) if the value is not a JSON object naming its cycle and team: then the
   * previous value of the key stays, as a reader of the topic must not stop at one bad record. The value is read as
   * tokens, not as a tree (a quarter of the CPU, on every record the view follows): every token is still checked, and
   * nothing may follow the object; where a field is repeated, its last value counts, as in a tree.
   */
  private Team parse(String key, String json) {
    String cycleId = null;
    String teamId = null;
    try (JsonParser parser = JSON.getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return notTheContract(key);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        String text = token == JsonToken.VALUE_STRING ? parser.getText() : null;
        if (field.equals("cycleId")) {
          cycleId = text;
        } else if (field.equals("teamId")) {
          teamId = text;
        }
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "text after the end of the value's object");
      }
    } catch (IOException e) {
      LOG.error("Ignoring a value of topic {} under key '{}' that is not JSON ({}); the key keeps its previous value. "
          + "Only the streams app should write to this topic", topic, key,
          e instanceof JsonProcessingException parsing ? parsing.getOriginalMessage() : e.getMessage());
      return null;
    }
    if (cycleId == null || teamId == null) {
      return notTheContract(key);
    }
    // A cycle's teams share one string of its id.
    return new Team(key, cycleIds.computeIfAbsent(cycleId, id -> id), teamId, json);
  }

  private Team notTheContract(String key) {
    LOG.error("Ignoring a value of topic {} under key '{}' without the text fields cycleId and teamId of its "
        + "contract; the key keeps its previous value. Only the streams app should write to this topic", topic, key);
    return null;
  }
}
