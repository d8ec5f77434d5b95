package dev.feedback360.dashboard.http;

import dev.feedback360.dashboard.TlsSettings;
import dev.feedback360.dashboard.auth.Authentication;
import dev.feedback360.dashboard.auth.PeerCredential;
import dev.feedback360.dashboard.auth.Principal;
import dev.feedback360.dashboard.query.StoreUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
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
  private final Authentication authentication;
  private final String scheme;

  /**
   * @param self this instance, as others reach it (known once the server has bound its port)
   * @param authentication signs each request for the caller it is made for ({@link PeerCredential})
   * @param scheme {@code http} or {@code https}, as every instance of a deployment serves
   * @param tls the TLS context for https (trusting the deployment's certificates), or null
   */
  PeerClient(Supplier<HostInfo> self, Authentication authentication, String scheme, SSLContext tls) {
    this.self = self;
    this.authentication = authentication;
    this.scheme = scheme;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
  }

  /**
   * A TLS context that trusts the JVM's certificate authorities and the certificates of the keystore: instances of
   * one deployment share it, or hold certificates signed by an authority the JVM trusts. Null without TLS.
   */
  static SSLContext trust(TlsSettings tls) {
    if (tls == null) {
      return null;
    }
    try {
      TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jvm.init((KeyStore) null);
      KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
      own.load(null, null);
      int i = 0;
      for (String alias : Collections.list(tls.keyStore().aliases())) {
        Certificate[] chain = tls.keyStore().getCertificateChain(alias);
        if (chain != null) {
          for (Certificate certificate : chain) {
            own.setCertificateEntry("deployment-" + i++, certificate);
          }
        } else if (tls.keyStore().getCertificate(alias) != null) {
          own.setCertificateEntry("deployment-" + i++, tls.keyStore().getCertificate(alias));
        }
      }
      TrustManagerFactory deployment = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      deployment.init(own);
      X509TrustManager first = (X509TrustManager) jvm.getTrustManagers()[0];
      X509TrustManager second = (X509TrustManager) deployment.getTrustManagers()[0];
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new EitherTrustManager(first, second)}, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("Cannot use the certificates of the keystore " + tls.keystore()
          + " for calls between instances: " + e.getMessage(), e);
    }
  }

  /** Trusts a server that either trust manager trusts. */
  private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      first.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      X509Certificate[] a = first.getAcceptedIssuers();
      X509Certificate[] b = second.getAcceptedIssuers();
      X509Certificate[] both = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, both, a.length, b.length);
      return both;
    }
  }

  /** An answer of a peer: status, JSON body and its Retry-After and instance headers (null when absent). */
  record PeerAnswer(int status, String body, String retryAfter, String servedBy) {}

  /** Starts a GET of {@code pathAndQuery} (already encoded) on {@code peer}, on behalf of {@code caller}. */
  CompletableFuture<PeerAnswer> get(HostInfo peer, String pathAndQuery, Principal caller) {
    URI uri = URI.create(scheme + "://" + peer.host() + ":" + peer.port() + pathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .header(FORWARDED_HEADER, ScoresApi.name(self.get()))
        .GET();
    String credential = authentication.peerHeader(caller, "GET", uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    if (credential != null) {
      request.header(PeerCredential.HEADER, credential);
    }
    return send(peer, request.build());
  }

  private CompletableFuture<PeerAnswer> send(HostInfo peer, HttpRequest request) {
    return http.sendAsync(request, BodyHandlers.ofString())
        .thenApply(PeerClient::answer)
        .exceptionally(failure -> {
          throw new CompletionException(unreachable(peer, failure));
        });
  }

  /** Like {@link #get} but waits for the answer. */
  PeerAnswer getNow(HostInfo peer, String pathAndQuery, Principal caller) {
    try {
      return get(peer, pathAndQuery, caller).join();
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
