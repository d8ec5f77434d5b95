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
 * <p>The changes come from the views of the two topics, through {@link #scores()} and {@link #participation()}: the
 * REST API answers from the same views, so a snapshot loaded after {@code ready} holds every change sent before it.
 */
public final class LiveUpdates implements AutoCloseable {

  static final String READY = "ready";
  static final String TEAM = "team";
  static final String DELETED = "deleted";
  static final String PARTICIPATION = "participation";
  static final String PARTICIPATION_DELETED = "participation-deleted";

  private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HEARTBEAT_SECONDS = 15;

  private final Map<SseClient, Scope> clients = new ConcurrentHashMap<>();
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

  /** What the view of {@code team-scores-json} hands on: {@code team} and {@code deleted} events. */
  public JsonTopicView.Feed scores() {
    return new EventFeed(TEAM, DELETED, true);
  }

  /**
   * What the view of {@code team-participation-json} hands on: {@code participation} and
   * {@code participation-deleted} events. {@code ready} waits for it to have read its topic, or to have failed (then
   * no participation event will come, and scores must not wait).
   */
  public JsonTopicView.Feed participation() {
    return new EventFeed(PARTICIPATION, PARTICIPATION_DELETED, false);
  }

  /** One topic's changes as events, to the clients whose scope covers the team. */
  private final class EventFeed implements JsonTopicView.Feed {

    private final String changedEvent;
    private final String deletedEvent;
    private final boolean scores;

    EventFeed(String changedEvent, String deletedEvent, boolean scores) {
      this.changedEvent = changedEvent;
      this.deletedEvent = deletedEvent;
      this.scores = scores;
    }

    @Override
    public void ready() {
      settle(scores, !scores);
    }

    @Override
    public void failed() {
      // Without scores, what the clients come for, "ready" would promise changes that never come: it is not sent.
      if (!scores) {
        settle(false, true);
      }
    }

    @Override
    public void changed(JsonTopicView.Team team) {
      broadcast(changedEvent, team.json(), team.cycleId(), team.teamId());
    }

    @Override
    public void deleted(String key, String cycleId, String teamId) {
      broadcast(deletedEvent, JSON.createObjectNode().put("key", key).toString(), cycleId, teamId);
    }
  }

  private synchronized void settle(boolean scores, boolean participation) {
    scoresReady |= scores;
    participationSettled |= participation;
    if (!ready && scoresReady && participationSettled) {
      ready = true;
      broadcast(READY, readyData(), null, null);
    }
  }

  private static String readyData() {
    return "{\"live\":true}";
  }

  /** Sends to every client, or (cycle not null) to those whose scope covers the team. */
  private void broadcast(String event, String data, String cycle, String team) {
    for (Map.Entry<SseClient, Scope> entry : clients.entrySet()) {
      SseClient client = entry.getKey();
      if (client.terminated()) {
        if (clients.remove(client) != null) {
          places.decrementAndGet();
        }
      } else if (cycle == null || entry.getValue().allows(cycle, team)) {
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
