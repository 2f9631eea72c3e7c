package dev.holdfast.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A JSON client of a running dashboard for the tests. */
final class Http {
  /** A response: status, content type, the body as JSON (null when it is not JSON) and the Allow header (or null). */
  record Answer(int status, String contentType, String text, JsonNode json, String allow) {}

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  String base() {
    return base;
  }

  Answer get(String path) {
    return send("GET", path);
  }

  /** A request with any method and no body. */
  Answer send(String method, String path) {
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
              .method(method, HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      JsonNode json = null;
      if (type.contains("json")) {
        json = Json.MAPPER.readTree(response.body());
      }
      return new Answer(response.statusCode(), type, response.body(), json, response.headers().firstValue("Allow").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while getting " + path, e);
    }
  }

  /** The JSON of a path that must answer 200. */
  JsonNode ok(String path) {
    Answer answer = get(path);
    if (answer.status() != 200) {
      throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.text());
    }
    return answer.json();
  }
}
