package dev.feedback360.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoresTableTest {

  @Test
  void shouldShowABalanceThatReadsZeroWithoutSignOrArrow() {
    // -0.00367 reads 0.00 toward zero: "-0.00 ↓" would point to the manager side for a figure of zero.
    assertThat(ScoresTable.balance(-0.00367)).isEqualTo("0.00 =");
    assertThat(ScoresTable.balance(0.0099)).isEqualTo("0.00 =");
    assertThat(ScoresTable.balance(-0.0)).isEqualTo("0.00 =");
    assertThat(ScoresTable.balance(0.0)).isEqualTo("0.00 =");
  }

  @Test
  void shouldPointTheArrowToTheSideOfAFigureThatIsNotZero() {
    // 0.01 reads +0.01 (leader side), -0.0100001 reads -0.01 (manager side).
    assertThat(ScoresTable.balance(0.01)).isEqualTo("+0.01 \u2191");
    assertThat(ScoresTable.balance(-0.0100001)).isEqualTo("-0.01 \u2193");
  }
}
