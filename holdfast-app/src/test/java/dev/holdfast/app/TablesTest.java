package dev.holdfast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TablesTest {
  private static String print(OutputFormat format, Locale locale, Object... cells) {
    StringWriter text = new StringWriter();
    Tables.print(new PrintWriter(text), format, locale, List.of("a", "b", "c"), List.of(Arrays.asList(cells)));
    return text.toString();
  }

  @Test
  void aTable_writesLargeDecimalsInFull_withTheLanguagesSeparator() {
    // Double.toString would give 1.23456789E7; the digits are grouped as the language groups them, whole numbers too
    assertThat(print(OutputFormat.TABLE, Locale.ENGLISH, 12_345_678.9, 0.25, null)).endsWith("12,345,678.9  0.25\n").doesNotContain("E7");
    assertThat(print(OutputFormat.TABLE, Locale.forLanguageTag("ru"), 12_345_678.9, 0.25, Double.NaN)).endsWith("12\u00a0345\u00a0678,9  0,25\n");
    assertThat(print(OutputFormat.TABLE, Locale.ENGLISH, 298_378L, 7, "x")).endsWith("298,378  7  x\n");
  }

  @Test
  void aTableColumn_hasTheDecimalsOfItsMostPreciseValue() {
    StringWriter text = new StringWriter();
    Tables.print(new PrintWriter(text), OutputFormat.TABLE, Locale.forLanguageTag("ru"), List.of("a", "b"),
        List.of(Arrays.asList(1426.0, 299.0), Arrays.asList(553.65, -299.0), Arrays.asList(0.1, null)));
    assertThat(text.toString()).isEqualTo("       a     b\n--------  ----\n1\u00a0426,00   299\n  553,65  -299\n    0,10\n");
  }

  @Test
  void csvAndJson_keepPlainNumbers() {
    assertThat(print(OutputFormat.CSV, Locale.forLanguageTag("ru"), 0.25, 3L, "x")).isEqualTo("a,b,c\n0.25,3,x\n");
    assertThat(print(OutputFormat.CSV, Locale.ENGLISH, 12_345_678.9, 1.0, null)).isEqualTo("a,b,c\n12345678.9,1.0,\n");
    assertThat(print(OutputFormat.JSON, Locale.forLanguageTag("ru"), 0.25, 3L, "x")).contains("\"a\" : 0.25");
  }
}
