package dev.feedback360.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small HTTP client for the tests: GET a path of a dashboard, as the all-scope token of {@link Fixtures#tokens()}
 * unless told otherwise, parse JSON.
 */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();
  /** The all-scope token of {@link Fixtures#tokens()}. */
  static final String TOKEN = Fixtures.ALL_TOKEN;
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  private Http() {}

  /** GET as the all-scope test token. */
  static HttpResponse<String> get(URI base, String pathAndQuery) {
    return get(base, pathAndQuery, TOKEN);
  }

  /** GET with {@code Authorization: Bearer <token>}, or without credentials if {@code token} is null. */
  static HttpResponse<String> get(URI base, String pathAndQuery, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(CLIENT, request.build());
  }

  /** Sends a request, failing the test on I/O errors. */
  static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    String pathAndQuery = request.uri().getRawPath();
    try {
      return client.send(request, BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during GET " + pathAndQuery, e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Not JSON: " + response.body(), e);
    }
  }

  static String teamPath(String team, String cycle) {
    return "/api/teams/" + encode(team) + "?cycle=" + encode(cycle);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static HttpClient client() {
    return CLIENT;
  }
}
