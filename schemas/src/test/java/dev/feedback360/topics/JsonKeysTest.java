package dev.feedback360.topics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonKeysTest {

  @Test
  void shouldWriteAnOrdinaryCycleAndTeamAsTheyAre() {
    assertThat(JsonKeys.of("2026-H2", "team-01")).isEqualTo("2026-H2/team-01");
    assertThat(JsonKeys.of("2026-H2", "Sales/EMEA")).isEqualTo("2026-H2/Sales/EMEA");
    assertThat(JsonKeys.split("2026-H2/Sales/EMEA")).containsExactly("2026-H2", "Sales/EMEA");
  }

  @Test
  void shouldGiveTwoTeamsWhoseCycleAndTeamJoinAlikeDifferentKeys() {
    // A review found these two sharing "2026/H1/x" on team-scores-json: one team's scores replaced the other's.
    String first = JsonKeys.of("2026", "H1/x");
    String second = JsonKeys.of("2026/H1", "x");
    assertThat(first).isNotEqualTo(second);
    assertThat(JsonKeys.split(first)).containsExactly("2026", "H1/x");
    assertThat(JsonKeys.split(second)).containsExactly("2026/H1", "x");
  }

  @Test
  void shouldReadBackEveryCycleWithPercentSignsAndSlashes() {
    for (String cycle : new String[] {"%", "%2F", "a/b%25c", "/", "100%/2026", "%%//"}) {
      assertThat(JsonKeys.split(JsonKeys.of(cycle, "t/1"))).as(cycle).containsExactly(cycle, "t/1");
    }
    assertThat(JsonKeys.of("%2F", "x")).isNotEqualTo(JsonKeys.of("/", "x"));
  }
}
