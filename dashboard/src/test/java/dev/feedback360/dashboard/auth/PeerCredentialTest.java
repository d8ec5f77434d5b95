package dev.feedback360.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerCredentialTest {

  private static final Instant NOW = Instant.parse("2026-10-01T09:00:00Z");
  private static final TokenEntry T1 = TokenEntry.of("token-of-t1", Scope.of(List.of("T1"), List.of()), NOW, "t1");
  private static final Tokens SHARED = Tokens.of(List.of(T1));

  @Test
  void shouldVouchForTheCallersTokenForThatRequestOnly() {
    String header = PeerCredential.sign(T1, "GET", "/api/instance/teams?cycle=C", NOW);

    assertThat(PeerCredential.verify(header, "GET", "/api/instance/teams?cycle=C", SHARED, NOW.plusSeconds(5)))
        .contains(T1);
    assertThat(header).doesNotContain("token-of-t1");
    // Another path, another query, another method: refused.
    assertThat(PeerCredential.verify(header, "GET", "/api/instance/teams?cycle=D", SHARED, NOW)).isEmpty();
    assertThat(PeerCredential.verify(header, "GET", "/api/instance/cycles", SHARED, NOW)).isEmpty();
    assertThat(PeerCredential.verify(header, "POST", "/api/instance/teams?cycle=C", SHARED, NOW)).isEmpty();
  }

  @Test
  void shouldRefuseAnExpiredTamperedOrUnknownSignature() {
    String header = PeerCredential.sign(T1, "GET", "/api/cycles", NOW);
    String[] parts = header.split("\\.");
    TokenEntry other = TokenEntry.of("token-of-another-deployment", Scope.all(), NOW, "x");

    assertThat(PeerCredential.verify(header, "GET", "/api/cycles", SHARED, NOW.plusSeconds(61))).isEmpty();
    assertThat(PeerCredential.verify(parts[0] + "." + (Long.parseLong(parts[1]) + 60) + "." + parts[2], "GET",
        "/api/cycles", SHARED, NOW)).isEmpty();
    assertThat(PeerCredential.verify(header, "GET", "/api/cycles", Tokens.of(List.of(other)), NOW)).isEmpty();
    assertThat(PeerCredential.verify(PeerCredential.sign(other, "GET", "/api/cycles", NOW), "GET", "/api/cycles",
        SHARED, NOW)).isEmpty();
    assertThat(PeerCredential.verify("garbage", "GET", "/api/cycles", SHARED, NOW)).isEmpty();
  }

  @Test
  void shouldAuthenticateByPeerSignatureThenBearerThenSession() {
    Authentication auth = Authentication.tokens(SHARED);

    assertThat(auth.authenticate("Bearer token-of-t1", null, null, "GET", "/")).map(Principal::label).contains("t1");
    assertThat(auth.authenticate("bearer   token-of-t1 ", null, null, "GET", "/")).isPresent();
    assertThat(auth.authenticate("Basic dG9rZW4=", null, null, "GET", "/")).isEmpty();
    String session = auth.login("token-of-t1").orElseThrow();
    assertThat(session).isNotEqualTo("token-of-t1");
    assertThat(auth.authenticate(null, session, null, "GET", "/")).map(Principal::scope).contains(T1.scope());
    assertThat(auth.login("wrong")).isEmpty();
    auth.logout(session);
    assertThat(auth.authenticate(null, session, null, "GET", "/")).isEmpty();
    assertThat(Authentication.none().authenticate(null, null, null, "GET", "/")).contains(Principal.ANONYMOUS);
  }
}
