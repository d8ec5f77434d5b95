package dev.feedback360.cli.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BalanceTextTest {

  @Test
  void shouldNotShowABalancedTeamAtTheLeadingThreshold() {
    // 0.4967 < 0.50 is BALANCED: rounding would print +0.50, the LEADING threshold; toward zero it is +0.49.
    assertThat(BalanceText.twoDecimals(0.4967)).isEqualTo("+0.49");
    assertThat(BalanceText.twoDecimals(-0.4967)).isEqualTo("-0.49");
    assertThat(BalanceText.twoDecimals(0.49999999)).isEqualTo("+0.49");
    assertThat(ScoresTable.balance(0.4967)).isEqualTo("+0.49 \u2191");
  }

  @Test
  void shouldShowTheThresholdItselfAndOrdinaryValuesAsTheyAre() {
    assertThat(BalanceText.twoDecimals(0.5)).isEqualTo("+0.50");
    assertThat(BalanceText.twoDecimals(-0.5)).isEqualTo("-0.50");
    // 0.29 is 0.28999999999999998 as a double, 11/6 is 1.8333...: 0.29 and 1.83.
    assertThat(BalanceText.twoDecimals(0.29)).isEqualTo("+0.29");
    assertThat(BalanceText.twoDecimals(11.0 / 6)).isEqualTo("+1.83");
    assertThat(BalanceText.twoDecimals(-11.0 / 6)).isEqualTo("-1.83");
    assertThat(ScoresTable.balance(null)).isEqualTo("suppressed");
    assertThat(ScoresTable.balance(0.0)).isEqualTo("0.00 =");
  }
}
