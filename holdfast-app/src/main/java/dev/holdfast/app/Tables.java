package dev.holdfast.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints rows of values as an aligned table, CSV or a JSON array of objects. */
final class Tables {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Tables() {}

  /** A number already formatted for the reader's language: shown as given, aligned right like a number. */
  record Figure(String text) {
    /** {@code value} with {@code decimals} decimals and grouping in {@code locale}; null stays empty. */
    static Figure of(Object value, int decimals, java.util.Locale locale) {
      if (!(value instanceof Number number)) {
        return new Figure(value == null ? "" : value.toString());
      }
      java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(locale);
      format.setMinimumFractionDigits(decimals);
      format.setMaximumFractionDigits(decimals);
      return new Figure(format.format(number.doubleValue()));
    }
  }

  /**
   * The headings of {@code columns} in {@code format}: a table for people takes the language's titles ({@code cli.column.NAME});
   * CSV and JSON keep the names scripts read.
   */
  static List<String> headings(OutputFormat format, dev.holdfast.i18n.Messages messages, List<String> columns) {
    return format == OutputFormat.TABLE ? columns.stream().map(column -> messages.get("cli.column." + column)).toList() : columns;
  }

  /**
   * Prints {@code rows} under {@code header}. In a table, decimal numbers are written out in full (never "1.2E7")
   * with the decimal separator of {@code locale} and the same decimals down a column; CSV and JSON keep plain numbers
   * with a point.
   */
  static void print(PrintWriter out, OutputFormat format, java.util.Locale locale, List<String> header, List<List<Object>> rows) {
    switch (format) {
      case TABLE -> table(out, header, shown(rows, header.size(), locale));
      case CSV -> csv(out, header, rows);
      case JSON -> {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (List<Object> row : rows) {
          Map<String, Object> object = new LinkedHashMap<>();
          for (int i = 0; i < header.size(); i++) {
            object.put(header.get(i), row.get(i));
          }
          objects.add(object);
        }
        json(out, objects);
      }
    }
    out.flush();
  }

  /**
   * Ends one table before another: in CSV an empty line, so that a command printing several tables gives blocks of
   * valid CSV (its other lines go to standard error); nothing in the other formats.
   */
  static void between(PrintWriter out, OutputFormat format) {
    if (format == OutputFormat.CSV) {
      out.println();
    }
  }

  static void json(PrintWriter out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static void table(PrintWriter out, List<String> header, List<List<Object>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
      for (List<Object> row : rows) {
        widths[i] = Math.max(widths[i], text(row.get(i)).length());
      }
    }
    line(out, widths, new ArrayList<>(header), rows.isEmpty() ? null : rows.get(0));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
    }
    out.println(rule);
    for (List<Object> row : rows) {
      line(out, widths, row, row);
    }
  }

  private static void line(PrintWriter out, int[] widths, List<?> cells, List<Object> sample) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String text = text(cells.get(i));
      boolean number = sample != null && (sample.get(i) instanceof Number || sample.get(i) instanceof Figure);
      if (i > 0) {
        line.append("  ");
      }
      line.append(number ? " ".repeat(widths[i] - text.length()) + text : text + " ".repeat(widths[i] - text.length()));
    }
    out.println(line.toString().stripTrailing());
  }

  private static void csv(PrintWriter out, List<String> header, List<List<Object>> rows) {
    out.println(String.join(",", header.stream().map(Tables::csvCell).toList()));
    for (List<Object> row : rows) {
      out.println(String.join(",", row.stream().map(Tables::plain).map(Tables::csvCell).toList()));
    }
  }

  /** A CSV cell's text: a decimal number with every digit and no exponent (Java writes 12345678.9 as 1.23456789E7). */
  private static String plain(Object value) {
    return decimal(value) ? java.math.BigDecimal.valueOf(((Number) value).doubleValue()).toPlainString() : text(value);
  }

  private static String csvCell(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? '"' + text.replace("\"", "\"\"") + '"'
        : text;
  }

  /**
   * Decimal numbers as a table shows them: without an exponent, in the reader's separator, and with as many decimals in
   * every row of a column as its most precise value has (at most six), so that a column of money reads 1426.00 above
   * 553.65 and a column of whole numbers has none.
   */
  private static List<List<Object>> shown(List<List<Object>> rows, int columns, java.util.Locale locale) {
    int[] scales = new int[columns];
    for (List<Object> row : rows) {
      for (int i = 0; i < columns && i < row.size(); i++) {
        if (decimal(row.get(i))) {
          scales[i] = Math.max(scales[i], Math.min(6, Math.max(0, java.math.BigDecimal.valueOf(((Number) row.get(i)).doubleValue())
              .stripTrailingZeros().scale())));
        }
      }
    }
    List<List<Object>> shown = new ArrayList<>();
    java.text.NumberFormat[] formats = new java.text.NumberFormat[columns];
    for (int i = 0; i < columns; i++) {
      // digits grouped as the reader's language groups them (27 694,15 in Russian, 27,694.15 in English)
      formats[i] = java.text.NumberFormat.getNumberInstance(locale);
      formats[i].setMinimumFractionDigits(scales[i]);
      formats[i].setMaximumFractionDigits(scales[i]);
      formats[i].setRoundingMode(java.math.RoundingMode.HALF_UP);
    }
    for (List<Object> row : rows) {
      List<Object> cells = new ArrayList<>(row);
      for (int i = 0; i < columns && i < cells.size(); i++) {
        Object cell = cells.get(i);
        if (cell instanceof Double || cell instanceof Float) {
          cells.set(i, new Figure(decimal(cell) ? formats[i].format(java.math.BigDecimal.valueOf(((Number) cell).doubleValue())) : ""));
        } else if (cell instanceof Long || cell instanceof Integer) {
          cells.set(i, new Figure(formats[i].format(((Number) cell).longValue())));
        }
      }
      shown.add(cells);
    }
    return shown;
  }

  private static boolean decimal(Object cell) {
    return (cell instanceof Double || cell instanceof Float) && Double.isFinite(((Number) cell).doubleValue());
  }

  static String text(Object value) {
    return value == null ? "" : value instanceof Figure figure ? figure.text() : value.toString();
  }
}
