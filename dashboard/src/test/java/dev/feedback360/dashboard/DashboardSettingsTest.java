package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
