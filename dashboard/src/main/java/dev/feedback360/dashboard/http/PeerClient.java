package dev.feedback360.dashboard.http;

import dev.feedback360.dashboard.query.StoreUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Calls another instance of the app over HTTP, for keys and list parts this instance does not hold. A peer that does
 * not answer in time is reported as {@link StoreUnavailableException}: the data exists but cannot be reached now.
 */
final class PeerClient {

  /** Marks a forwarded request, so that the receiver answers from its own store or not at all (no second hop). */
  static final String FORWARDED_HEADER = "X-Feedback360-Forwarded-By";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final Supplier<HostInfo> self;

  /** @param self this instance, as others reach it (known once the server has bound its port) */
  PeerClient(Supplier<HostInfo> self) {
    this.self = self;
    this.http = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /** An answer of a peer: status, JSON body and its Retry-After and instance headers (null when absent). */
  record PeerAnswer(int status, String body, String retryAfter, String servedBy) {}

  /** Starts a GET of {@code pathAndQuery} (already encoded) on {@code peer}. */
  CompletableFuture<PeerAnswer> get(HostInfo peer, String pathAndQuery) {
    URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + pathAndQuery);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .header(FORWARDED_HEADER, ScoresApi.name(self.get()))
        .GET()
        .build();
    return http.sendAsync(request, BodyHandlers.ofString())
        .thenApply(PeerClient::answer)
        .exceptionally(failure -> {
          throw new CompletionException(unreachable(peer, failure));
        });
  }

  /** Like {@link #get} but waits for the answer. */
  PeerAnswer getNow(HostInfo peer, String pathAndQuery) {
    try {
      return get(peer, pathAndQuery).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof StoreUnavailableException unavailable ? unavailable : e;
    }
  }

  private static PeerAnswer answer(HttpResponse<String> response) {
    return new PeerAnswer(response.statusCode(), response.body(),
        response.headers().firstValue("Retry-After").orElse(null),
        response.headers().firstValue(ScoresApi.INSTANCE_HEADER).orElse(null));
  }

  private static StoreUnavailableException unreachable(HostInfo peer, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    String reason = cause instanceof IOException || cause instanceof java.net.http.HttpTimeoutException
        ? cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
        : String.valueOf(cause);
    return new StoreUnavailableException("Instance " + peer.host() + ":" + peer.port() + ", which holds part of the "
        + "scores, did not answer (" + reason + "); it may be restarting, retry shortly", cause);
  }
}
