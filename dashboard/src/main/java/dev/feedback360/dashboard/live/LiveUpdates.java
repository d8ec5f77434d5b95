package dev.feedback360.dashboard.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.streams.json.JsonNumbers;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * A comment line every 15 s keeps idle connections open through proxies; at the same time each client's token or
 * session is checked again, and the connection closed once it no longer holds. Each client gets only the changes of
 * the teams its scope covers. At most {@code maxClients} are connected at once, and at most
 * {@code maxClientsPerToken} of them with one token (its bearer requests and its sessions together): {@link #reserve}
 * a place first.
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
  private static final ObjectMapper JSON = JsonNumbers.mapper();
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  /**
   * A connected client: what its credentials allow now, and how to ask again.
   *
   * @param credentials the scope the client's token or session allows now; empty once revoked or ended
   */
  private static final class Subscriber {
    final Supplier<Optional<Scope>> credentials;
    final String holder;
    volatile Scope scope;

    Subscriber(Scope scope, Supplier<Optional<Scope>> credentials, String holder) {
      this.scope = scope;
      this.credentials = credentials;
      this.holder = holder;
    }
  }

  /** What {@link #reserve(String)} answers. */
  public enum Reservation {
    /** A place is taken: {@link #join} with it, or {@link #release(String)} it. */
    RESERVED,
    /** Every one of the {@code maxClients} places is taken. */
    SERVER_FULL,
    /** The token holds its {@code maxClientsPerToken} places already. */
    TOKEN_FULL
  }

  private final Map<SseClient, Subscriber> clients = new ConcurrentHashMap<>();
  /** Places taken by holder (a token id); guards {@link #places} too. */
  private final Map<String, Integer> placesByHolder = new HashMap<>();
  /** Places taken in all; guarded by {@link #placesByHolder}. */
  private int places;
  private final int maxClients;
  private final int maxClientsPerToken;
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "feedback360-sse-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  private boolean ready;
  private boolean scoresReady;
  /** Participation is ready (or failed: then no participation event will come, and scores must not wait). */
  private boolean participationSettled;

  /** Starts the heartbeat (every 15 s); at most {@code maxClients} connections are served at once, by any token. */
  public LiveUpdates(int maxClients) {
    this(maxClients, maxClients, HEARTBEAT);
  }

  /**
   * Starts the heartbeat (every 15 s); at most {@code maxClients} connections are served at once, at most
   * {@code maxClientsPerToken} of them to one token.
   */
  public LiveUpdates(int maxClients, int maxClientsPerToken) {
    this(maxClients, maxClientsPerToken, HEARTBEAT);
  }

  /** As {@link #LiveUpdates(int, int, Duration)}, without a cap per token. */
  public LiveUpdates(int maxClients, Duration heartbeat) {
    this(maxClients, maxClients, heartbeat);
  }

  /**
   * Starts the heartbeat: every {@code heartbeat} each client's credentials are checked again (a revoked token, an
   * ended session: the connection is closed; a changed scope applies from then on) and a comment keeps its
   * connection open.
   */
  public LiveUpdates(int maxClients, int maxClientsPerToken, Duration heartbeat) {
    this.maxClients = maxClients;
    this.maxClientsPerToken = maxClientsPerToken;
    this.heartbeat.scheduleAtFixedRate(this::recheckAndKeepAlive, heartbeat.toMillis(), heartbeat.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Takes one of the {@code maxClients} places for {@code holder} (a token id; null for nobody in particular, not
   * capped per token), to {@link #join(SseClient, Scope, Supplier, String)} with or {@link #release(String)}.
   */
  public Reservation reserve(String holder) {
    synchronized (placesByHolder) {
      if (places >= maxClients) {
        return Reservation.SERVER_FULL;
      }
      if (holder != null) {
        int held = placesByHolder.getOrDefault(holder, 0);
        if (held >= maxClientsPerToken) {
          return Reservation.TOKEN_FULL;
        }
        placesByHolder.put(holder, held + 1);
      }
      places++;
      return Reservation.RESERVED;
    }
  }

  /** Gives a place of {@code holder} back that was reserved but not joined with. */
  public void release(String holder) {
    synchronized (placesByHolder) {
      places--;
      if (holder != null) {
        placesByHolder.computeIfPresent(holder, (h, held) -> held <= 1 ? null : held - 1);
      }
    }
  }

  /** Gives the place of a client that left or was closed back, once. */
  private void leave(SseClient client) {
    Subscriber gone = clients.remove(client);
    if (gone != null) {
      release(gone.holder);
    }
  }

  /** The cap on connections. */
  public int maxClients() {
    return maxClients;
  }

  /** The cap on connections of one token. */
  public int maxClientsPerToken() {
    return maxClientsPerToken;
  }

  /**
   * Keeps the client's connection open (on a place {@link #reserve(String) reserved} for {@code holder}, given back
   * when it closes) and sends it every change within its scope from now on: {@code scope} at first, then what
   * {@code credentials} says at each heartbeat; the connection is closed once they say nothing (the token revoked, the
   * session ended).
   */
  public synchronized void join(SseClient client, Scope scope, Supplier<Optional<Scope>> credentials, String holder) {
    client.keepAlive();
    client.onClose(() -> leave(client));
    clients.put(client, new Subscriber(scope, credentials, holder));
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

    /**
     * The event's key is {@code cycleId + "/" + teamId} as the page and docs/dashboards.md match it, not the topic's
     * key, which escapes a '/' in the cycle id (JsonKeys); the same for every cycle id without one.
     */
    @Override
    public void deleted(String key, String cycleId, String teamId) {
      broadcast(deletedEvent, JSON.createObjectNode().put("key", cycleId + "/" + teamId).toString(), cycleId, teamId);
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
    for (Map.Entry<SseClient, Subscriber> entry : clients.entrySet()) {
      SseClient client = entry.getKey();
      if (client.terminated()) {
        leave(client);
      } else if (cycle == null || entry.getValue().scope.allows(cycle, team)) {
        client.sendEvent(event, data);
      }
    }
  }

  /** Checks every client's credentials again, closes those that no longer hold, and keeps the others open. */
  private void recheckAndKeepAlive() {
    try {
      for (Map.Entry<SseClient, Subscriber> entry : clients.entrySet()) {
        SseClient client = entry.getKey();
        Optional<Scope> scope = client.terminated() ? Optional.empty() : entry.getValue().credentials.get();
        if (scope.isEmpty()) {
          leave(client);
          client.close();
        } else {
          entry.getValue().scope = scope.get();
          client.sendComment("keep-alive");
        }
      }
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log it and keep the heartbeat alive.
      LOG.warn("Could not check the live-update clients' credentials or send the heartbeat; trying again at the next "
          + "one", e);
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
