package dev.holdfast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.store.retention.RetentionMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir Path folder;

  @Test
  void write_makesOneSelfContainedFile() throws Exception {
    Companies.Company company = Companies.scored();
    Path file = folder.resolve("out/report.html");
    new HtmlReport(company.store(), company.config(), Companies.CLOCK).write(HtmlReport.Options.defaults(Locale.ENGLISH)
        .withRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)).withSegments(List.of(new RetentionMetrics.Segment("plan", "pro"))), file);
    String html = Files.readString(file);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Customer retention report · Holdfast</title>")
        .contains("echarts", "\"mode\":\"report\"", "\"atRisk\"", "plan=pro", "\"from\":\"2025-01-01\"")
        .doesNotContainPattern("(src|href)=\"https?:").doesNotContain("<script src=", "rel=\"stylesheet\"");
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void render_rejectsAnAttributeNoCustomerHas() {
    Companies.Company company = Companies.scored();
    HtmlReport report = new HtmlReport(company.store(), company.config(), Companies.CLOCK);
    assertThatThrownBy(() -> report.render(HtmlReport.Options.defaults(Locale.ENGLISH).withSegments(List.of(new RetentionMetrics.Segment("colour", "red")))))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("segment: no customer has an attribute \"colour\"");
  }

  @Test
  void render_refusesSurvivalCurvesSplitByAnAttributeNoCustomerHas() {
    // before, the curves were drawn unsplit without a word
    Companies.Company company = Companies.scored();
    HtmlReport report = new HtmlReport(company.store(), company.config(), Companies.CLOCK);
    assertThatThrownBy(() -> report.render(HtmlReport.Options.defaults(Locale.ENGLISH).withSurvivalBy("colour")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("no customer has an attribute \"colour\"; known attributes: ");
  }

  @Test
  void options_checkTheirRangeAndLanguage() {
    assertThatThrownBy(() -> HtmlReport.Options.defaults(Locale.ENGLISH).withRange(LocalDate.of(2025, 6, 1), LocalDate.of(2025, 1, 1)))
        .hasMessage("the report's range ends before it starts: from 2025-06-01 to 2025-01-01");
    assertThatThrownBy(() -> HtmlReport.Options.defaults(Locale.GERMAN)).hasMessage("a report is written in English (en) or Russian (ru), not de");
  }
}
