package dev.feedback360.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Connects to the dashboard's {@code /api/stream} and records every server-sent event, parsed per the SSE format
 * (an event's name defaults to {@code message}; its data lines are joined with newlines).
 */
public final class SseRecorder implements AutoCloseable {

  /** One event: its name and its data. */
  public record Event(String name, String data) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private final CompletableFuture<Void> ended;

  /**
   * Connects at once with {@code Authorization: Bearer <token>} (none if {@code token} is null); events are recorded
   * as they arrive until {@link #close()}.
   */
  public SseRecorder(HttpClient client, URI base, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/stream"))
        .header("Accept", "text/event-stream")
        .GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    response = client.sendAsync(request.build(), BodyHandlers.ofLines());
    ended = response.thenAcceptAsync(r -> {
      String[] name = {"message"};
      StringBuilder data = new StringBuilder();
      r.body().forEach(line -> {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(name[0], data.toString()));
          }
          name[0] = "message";
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name[0] = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
        }
      });
    });
  }

  /** The status code of the answer, once it came. */
  public CompletableFuture<Integer> status() {
    return response.thenApply(HttpResponse::statusCode);
  }

  /** Whether the stream has ended: the server closed it (or it could not be read). */
  public boolean ended() {
    return ended.isDone();
  }

  /** Every event so far, in arrival order. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /** The events so far named {@code name}, in arrival order. */
  public List<Event> events(String name) {
    return events.stream().filter(e -> e.name().equals(name)).toList();
  }

  /**
   * Ends the connection: a request not yet answered is cancelled, and the body of an answer is closed, now or as soon
   * as it comes. (The body is closed from the answer itself, not from the reader that records it: that one may not
   * have started yet, and the connection would then stay open.)
   */
  @Override
  public void close() {
    response.cancel(true);
    response.thenAccept(r -> r.body().close());
  }
}
