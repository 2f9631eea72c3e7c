package dev.holdfast.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The files the pages load (script, styles) and the ECharts library from its webjar, for serving and for inlining into the report. */
final class Assets {
  static final String FOLDER = "/dev/holdfast/web/assets";
  private static final String ECHARTS_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

  private Assets() {}

  /** The version of the ECharts webjar on the class path, which names its folder. */
  static String echartsVersion() {
    try (InputStream in = Assets.class.getResourceAsStream(ECHARTS_POM)) {
      if (in == null) {
        throw new IllegalStateException("the ECharts webjar (org.webjars.npm:echarts) is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ECHARTS_POM, e);
    }
  }

  /** Where the dashboard serves the minified ECharts (Javalin's webjar route). */
  static String echartsPath() {
    return "/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";
  }

  /** The minified ECharts without its source-map comment, which would point a browser's tools at a file the report does not have. */
  static String echartsScript() {
    return read("/META-INF/resources" + echartsPath()).replaceAll("//# sourceMappingURL=\\S*\\s*$", "");
  }

  static String script() {
    return read(FOLDER + "/holdfast.js");
  }

  static String styles() {
    return read(FOLDER + "/holdfast.css");
  }

  private static String read(String resource) {
    try (InputStream in = Assets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
