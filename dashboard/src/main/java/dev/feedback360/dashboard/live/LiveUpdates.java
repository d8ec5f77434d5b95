package dev.feedback360.dashboard.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans committed score changes out to every connected server-sent-events client. Events:
 *
 * <ul>
 *   <li>{@code ready}, data {@code {"live":true}}: sent once the client will miss no later change; (re)load the
 *       snapshot from the REST API after it;
 *   <li>{@code team}, data: one record of the JSON contract;
 *   <li>{@code deleted}, data {@code {"key":"cycleId/teamId"}}: the team has no scores any more.
 * </ul>
 *
 * A comment line every 15 s keeps idle connections open through proxies.
 */
public final class LiveUpdates implements ScoresTail.Listener, AutoCloseable {

  static final String READY = "ready";
  static final String TEAM = "team";
  static final String DELETED = "deleted";

  private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HEARTBEAT_SECONDS = 15;

  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "feedback360-sse-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  private boolean ready;

  /** Starts the heartbeat. */
  public LiveUpdates() {
    heartbeat.scheduleAtFixedRate(() -> broadcastComment("keep-alive"), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
        TimeUnit.SECONDS);
  }

  /** Keeps the client's connection open and sends it every change from now on. */
  public synchronized void join(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
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
    ready = true;
    broadcast(READY, readyData());
  }

  @Override
  public void onChange(String key, String json) {
    broadcast(TEAM, json);
  }

  @Override
  public void onDeleted(String key) {
    broadcast(DELETED, JSON.createObjectNode().put("key", key).toString());
  }

  private static String readyData() {
    return "{\"live\":true}";
  }

  private void broadcast(String event, String data) {
    for (SseClient client : clients) {
      if (client.terminated()) {
        clients.remove(client);
      } else {
        client.sendEvent(event, data);
      }
    }
  }

  private void broadcastComment(String comment) {
    try {
      for (SseClient client : clients) {
        if (client.terminated()) {
          clients.remove(client);
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
    clients.forEach(SseClient::close);
    clients.clear();
  }
}
