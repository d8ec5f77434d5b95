package dev.feedback360.cli.table;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A balance as people read it: two decimals rounded toward zero, so that the figure never crosses a style
 * threshold (+/-0.50, LEADING and MANAGING) or zero that the exact value does not. 0.4967 is BALANCED and reads
 * {@code +0.49}, where rounding would print {@code +0.50}. The web dashboard formats balances the same way.
 */
public final class BalanceText {

  /** The streams app's style threshold: a balance of this size or more is LEADING (negated, MANAGING). */
  static final BigDecimal STYLE_THRESHOLD = new BigDecimal("0.50");

  private static final BigDecimal BELOW_THRESHOLD = new BigDecimal("0.49");

  private BalanceText() {}

  /** {@code +1.83}, {@code -0.49}, {@code +0.00}: a sign, two decimals toward zero. */
  public static String twoDecimals(double value) {
    BigDecimal exact = new BigDecimal(Math.abs(value));
    // Six decimals first, so that 0.29 (0.28999... as a double) reads 0.29.
    BigDecimal shown = exact.setScale(6, RoundingMode.HALF_UP).setScale(2, RoundingMode.DOWN);
    if (exact.compareTo(STYLE_THRESHOLD) < 0 && shown.compareTo(STYLE_THRESHOLD) >= 0) {
      shown = BELOW_THRESHOLD;
    }
    return (value < 0 ? "-" : "+") + shown.toPlainString();
  }
}
