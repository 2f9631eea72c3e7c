package dev.holdfast.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML of the dashboard's pages and of the report: a shell with the navigation, the title and a boot
 * element holding the language, the page's name and every text; {@code holdfast.js} draws the rest from the API
 * (or, in the report, from data embedded in the boot element).
 */
final class Pages {
  /** A page of the navigation: its name for the script, its path and the key of its title. */
  record Page(String name, String path) {
    String titleKey() {
      return "page." + name;
    }
  }

  static final List<Page> NAVIGATION = List.of(
      new Page("overview", "/"),
      new Page("trends", "/trends"),
      new Page("mrr", "/mrr"),
      new Page("cohorts", "/cohorts"),
      new Page("survival", "/survival"),
      new Page("clv", "/clv"),
      new Page("at-risk", "/at-risk"));

  /** Allows scripts, styles and API calls of the dashboard itself and nothing from elsewhere. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
      + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private Pages() {}

  /** A page of the dashboard; {@code customerId} only for the customer page. */
  static String dashboard(String page, String title, WebText text, String currency, String customerId) {
    Map<String, Object> boot = new LinkedHashMap<>();
    boot.put("mode", "dashboard");
    boot.put("page", page);
    boot.put("lang", text.code());
    boot.put("currency", currency);
    boot.put("customer", customerId);
    boot.put("text", text.all());
    StringBuilder html = new StringBuilder(8192);
    head(html, text, title);
    html.append("<link rel=\"stylesheet\" href=\"/assets/holdfast.css\">\n");
    html.append("<script src=\"").append(Assets.echartsPath()).append("\" defer></script>\n");
    html.append("<script src=\"/assets/holdfast.js\" defer></script>\n");
    html.append("</head>\n<body data-page=\"").append(escape(page)).append("\">\n");
    html.append("<header class=\"top\"><a class=\"brand\" href=\"/\">Holdfast</a><nav>");
    for (Page link : NAVIGATION) {
      html.append("<a href=\"").append(link.path()).append("\" data-page=\"").append(link.name()).append('"')
          .append(link.name().equals(page) ? " class=\"current\"" : "").append('>').append(escape(text.get(link.titleKey()))).append("</a>");
    }
    html.append("</nav><div class=\"languages\">");
    for (String language : WebText.LANGUAGES) {
      html.append("<a data-lang=\"").append(language).append("\" href=\"?lang=").append(language).append('"')
          .append(language.equals(text.code()) ? " class=\"current\"" : "").append(" hreflang=\"").append(language).append("\">")
          .append(language.toUpperCase(java.util.Locale.ROOT)).append("</a>");
    }
    html.append("</div></header>\n");
    html.append("<main><h1>").append(escape(title)).append("</h1><div id=\"content\"></div></main>\n");
    boot(html, boot);
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  /** The report: one file with the styles, ECharts, the script and the data inline, so that it opens anywhere without a network. */
  static String report(WebText text, String title, String currency, String generated, Map<String, Object> data) {
    Map<String, Object> boot = new LinkedHashMap<>();
    boot.put("mode", "report");
    boot.put("page", "report");
    boot.put("lang", text.code());
    boot.put("currency", currency);
    boot.put("generated", generated);
    boot.put("text", text.all());
    boot.put("data", data);
    StringBuilder html = new StringBuilder(1_500_000);
    head(html, text, title);
    html.append("<style>\n").append(Assets.styles()).append("</style>\n");
    html.append("</head>\n<body data-page=\"report\">\n");
    html.append("<main><h1>").append(escape(title)).append("</h1><div id=\"content\"></div></main>\n");
    boot(html, boot);
    html.append("<script>\n").append(inline(Assets.echartsScript())).append("\n</script>\n");
    html.append("<script>\n").append(inline(Assets.script())).append("\n</script>\n");
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  /** A page for a path that does not exist. */
  static String notFound(WebText text) {
    StringBuilder html = new StringBuilder();
    head(html, text, text.get("page.not_found"));
    html.append("<link rel=\"stylesheet\" href=\"/assets/holdfast.css\">\n</head>\n<body>\n<main><h1>").append(escape(text.get("page.not_found")))
        .append("</h1><p><a href=\"/\">").append(escape(text.get("page.overview"))).append("</a></p></main>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void head(StringBuilder html, WebText text, String title) {
    html.append("<!DOCTYPE html>\n<html lang=\"").append(text.code()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        // no favicon to fetch
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append("<title>").append(escape(title)).append(" · Holdfast</title>\n");
  }

  private static void boot(StringBuilder html, Map<String, Object> boot) {
    html.append("<script type=\"application/json\" id=\"hf-boot\">").append(Json.forScript(boot)).append("</script>\n");
  }

  /** A script's text that cannot end the element it sits in. */
  private static String inline(String script) {
    return script.replace("</script", "<\\/script").replace("<!--", "<\\!--");
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
