package dev.feedback360.dashboard.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.dashboard.auth.Scope;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans committed score and participation changes out to every connected server-sent-events client. Events:
 *
 * <ul>
 *   <li>{@code ready}, data {@code {"live":true}}: sent once the client will miss no later change of either topic;
 *       (re)load the snapshot from the REST API after it;
 *   <li>{@code team}, data: one record of the JSON contract;
 *   <li>{@code deleted}, data {@code {"key":"cycleId/teamId"}}: the team has no scores any more;
 *   <li>{@code participation}, data: one value of {@code team-participation-json}, as in the topic;
 *   <li>{@code participation-deleted}, data {@code {"key":"cycleId/teamId"}}: the team has no participation any more.
 * </ul>
 *
 * A comment line every 15 s keeps idle connections open through proxies. Each client gets only the changes of the
 * teams its scope covers. At most {@code maxClients} are connected at once: {@link #reserve()} a place first.
 *
 * <p>This object listens to the scores tail itself; the participation tail reaches it through
 * {@link #participationChanged}, {@link #participationDeleted} and {@link #participationSettled()}.
 */
public final class LiveUpdates implements ScoresTail.Listener, AutoCloseable {

  static final String READY = "ready";
  static final String TEAM = "team";
  static final String DELETED = "deleted";
  static final String PARTICIPATION = "participation";
  static final String PARTICIPATION_DELETED = "participation-deleted";

  private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HEARTBEAT_SECONDS = 15;

  private final Map<SseClient, Scope> clients = new ConcurrentHashMap<>();
  /** The (cycle, team) of every key seen in a change, to tell deletions apart even if a cycle id holds a '/'. */
  private final Map<String, String[]> keys = new ConcurrentHashMap<>();
  private final AtomicInteger places = new AtomicInteger();
  private final int maxClients;
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "feedback360-sse-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  private boolean ready;
  private boolean scoresReady;
  /** Participation is ready (or failed: then no participation event will come, and scores must not wait). */
  private boolean participationSettled;

  /** Starts the heartbeat; at most {@code maxClients} connections are served at once. */
  public LiveUpdates(int maxClients) {
    this.maxClients = maxClients;
    heartbeat.scheduleAtFixedRate(() -> broadcastComment("keep-alive"), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
        TimeUnit.SECONDS);
  }

  /**
   * Takes one of the {@code maxClients} places, to {@link #join} with or {@link #release}.
   *
   * @return false when every place is taken
   */
  public boolean reserve() {
    while (true) {
      int taken = places.get();
      if (taken >= maxClients) {
        return false;
      }
      if (places.compareAndSet(taken, taken + 1)) {
        return true;
      }
    }
  }

  /** Gives a place back that was reserved but not joined with. */
  public void release() {
    places.decrementAndGet();
  }

  /** The cap on connections. */
  public int maxClients() {
    return maxClients;
  }

  /**
   * Keeps the client's connection open (on a place {@link #reserve() reserved} for it, given back when it closes) and
   * sends it every change within {@code scope} from now on.
   */
  public synchronized void join(SseClient client, Scope scope) {
    client.keepAlive();
    client.onClose(() -> {
      if (clients.remove(client) != null) {
        places.decrementAndGet();
      }
    });
    clients.put(client, scope);
    if (ready) {
      client.sendEvent(READY, readyData());
    }
  }

  /** Connected clients. */
  public int clients() {
    return clients.size();
  }

  @Override
  public synchronized void onReady() {
    scoresReady = true;
    readyIfSettled();
  }

  /**
   * The participation tail follows its topic (or failed for good): {@code ready} is sent once the scores tail does
   * too.
   */
  public synchronized void participationSettled() {
    participationSettled = true;
    readyIfSettled();
  }

  private void readyIfSettled() {
    if (!ready && scoresReady && participationSettled) {
      ready = true;
      broadcast(READY, readyData());
    }
  }

  /** A team's participation changed: sent as it is in the topic to the clients whose scope covers the team. */
  public void participationChanged(String cycle, String team, String json) {
    broadcast(PARTICIPATION, json, new String[] {cycle, team});
  }

  /** A team has no participation any more. */
  public void participationDeleted(String key, String cycle, String team) {
    broadcast(PARTICIPATION_DELETED, JSON.createObjectNode().put("key", key).toString(), new String[] {cycle, team});
  }

  @Override
  public void onChange(String key, String json) {
    String[] team = cycleAndTeam(key, json);
    keys.put(key, team);
    broadcast(TEAM, json, team);
  }

  @Override
  public void onDeleted(String key) {
    String[] team = keys.remove(key);
    broadcast(DELETED, JSON.createObjectNode().put("key", key).toString(), team == null ? split(key) : team);
  }

  /** The cycle and team of a change, from its record (the key {@code cycle/team} is ambiguous if a cycle has '/'). */
  private static String[] cycleAndTeam(String key, String json) {
    try {
      var record = JSON.readTree(json);
      return new String[] {record.path("cycleId").asText(), record.path("teamId").asText()};
    } catch (java.io.IOException e) {
      return split(key);
    }
  }

  /** The (cycle, team) of a key {@code cycle/team}, split at the first '/'. */
  public static String[] split(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? new String[] {key, ""} : new String[] {key.substring(0, slash), key.substring(slash + 1)};
  }

  private static String readyData() {
    return "{\"live\":true}";
  }

  private void broadcast(String event, String data) {
    broadcast(event, data, null);
  }

  /** Sends to every client, or (team not null) to those whose scope covers the team. */
  private void broadcast(String event, String data, String[] team) {
    for (Map.Entry<SseClient, Scope> entry : clients.entrySet()) {
      SseClient client = entry.getKey();
      if (client.terminated()) {
        if (clients.remove(client) != null) {
          places.decrementAndGet();
        }
      } else if (team == null || entry.getValue().allows(team[0], team[1])) {
        client.sendEvent(event, data);
      }
    }
  }

  private void broadcastComment(String comment) {
    try {
      for (SseClient client : clients.keySet()) {
        if (client.terminated()) {
          if (clients.remove(client) != null) {
            places.decrementAndGet();
          }
        } else {
          client.sendComment(comment);
        }
      }
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log it and keep the heartbeat alive.
      LOG.warn("Could not send the live-updates heartbeat; trying again in {} s", HEARTBEAT_SECONDS, e);
    }
  }

  /** Closes every client connection and stops the heartbeat. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    clients.keySet().forEach(SseClient::close);
    clients.clear();
  }
}
