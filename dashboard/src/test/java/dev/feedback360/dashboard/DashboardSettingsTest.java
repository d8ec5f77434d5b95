package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.dashboard.auth.Authentication;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {

  @Test
  void shouldAdvertiseTheBindHostByDefault() {
    DashboardSettings settings = DashboardSettings.of("10.0.0.7", 0);

    assertThat(settings.advertisedHost()).isEqualTo("10.0.0.7");
    assertThat(DashboardSettings.local(8080).bindHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldRefuseToAdvertiseAWildcardAddress() {
    assertThatThrownBy(() -> DashboardSettings.of("0.0.0.0", 8080))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--advertised-host");
    assertThat(new DashboardSettings("0.0.0.0", 8080, "scores-1.internal").advertisedHost())
        .isEqualTo("scores-1.internal");
  }

  @Test
  void shouldRefuseAPortOutOfRange() {
    assertThatThrownBy(() -> DashboardSettings.local(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--http-port must be between 0");
  }

  @Test
  void shouldAllowNoAuthenticationOnLoopbackOnly() {
    for (String loopback : new String[] {"127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"}) {
      assertThat(new DashboardSettings(loopback, 0, "localhost", Authentication.none(), List.of(), null, 1)
          .authentication().enabled()).as(loopback).isFalse();
    }
    for (String open : new String[] {"0.0.0.0", "10.0.0.7", "scores.example.com", "cafe"}) {
      assertThatThrownBy(() -> new DashboardSettings(open, 0, "scores-1.internal", Authentication.none(), List.of(),
          null, 1)).as(open).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--http-auth none is refused with --http-host " + open);
    }
  }

  @Test
  void shouldAllowTheBoundAdvertisedAndLoopbackHostsButNoWildcard() {
    DashboardSettings settings = new DashboardSettings("0.0.0.0", 8080, "scores-1.internal")
        .withAllowedHosts(List.of("Scores.Example.com", "2001:db8::1"));

    assertThat(settings.allowedHosts()).containsExactlyInAnyOrder("localhost", "127.0.0.1", "[::1]",
        "scores-1.internal", "scores.example.com", "[2001:db8::1]");
    assertThat(settings.authentication().enabled()).as("authentication is on by default").isTrue();
  }

  @Test
  void shouldCapLiveUpdatesPerTokenAtAQuarterOfTheTotalByDefaultAndAtLeastOne() {
    DashboardSettings settings = DashboardSettings.local(0);

    assertThat(settings.sseClientsPerToken()).isEqualTo(25);
    assertThat(settings.withMaxSseClients(9).sseClientsPerToken()).isEqualTo(2);
    assertThat(settings.withMaxSseClients(3).sseClientsPerToken()).isEqualTo(1);
    assertThat(settings.withMaxSseClientsPerToken(7).sseClientsPerToken()).isEqualTo(7);
    assertThatThrownBy(() -> settings.withMaxSseClientsPerToken(-1))
        .hasMessageContaining("--http-max-sse-clients-per-token");
  }
}
