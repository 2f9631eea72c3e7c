package dev.holdfast.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAPI 3 document of the API, written from the operations themselves so that it lists exactly what is served. */
final class OpenApi {
  static final String PATH = "/api/openapi.json";

  private OpenApi() {}

  static Map<String, Object> document(List<Api.Operation> operations, String version) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("openapi", "3.0.3");
    document.put("info", Map.of(
        "title", "Holdfast API",
        "version", version,
        "description", "Read-only retention metrics, cohorts, survival, value and churn risk of one Holdfast store. Errors are RFC 9457"
            + " problem documents; a bad parameter is a 400 problem whose errors name each field."));
    document.put("servers", List.of(Map.of("url", Api.PREFIX)));
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Api.Operation operation : operations) {
      Map<String, Object> get = new LinkedHashMap<>();
      get.put("operationId", operation.id());
      get.put("summary", operation.summary());
      get.put("parameters", operation.parameters().stream().map(OpenApi::parameter).toList());
      Map<String, Object> responses = new LinkedHashMap<>();
      responses.put("200", Map.of("description", operation.summary(),
          "content", Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
      responses.put("400", problem("A parameter is unknown, malformed or out of range; errors name each field."));
      if (operation.path().contains("{")) {
        responses.put("404", problem("There is no such customer."));
      }
      responses.put("500", problem("The store could not answer."));
      get.put("responses", responses);
      paths.put(operation.path(), Map.of("get", get));
    }
    document.put("paths", paths);
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "object");
    problem.put("required", List.of("title", "status", "detail"));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("type", Map.of("type", "string", "description", "about:blank: the title says what happened"));
    properties.put("title", Map.of("type", "string"));
    properties.put("status", Map.of("type", "integer"));
    properties.put("detail", Map.of("type", "string"));
    properties.put("instance", Map.of("type", "string", "description", "The path of the request"));
    properties.put("errors", Map.of("type", "array", "items", Map.of("type", "object", "required", List.of("field", "message"),
        "properties", Map.of("field", Map.of("type", "string"), "message", Map.of("type", "string")))));
    problem.put("properties", properties);
    document.put("components", Map.of("schemas", Map.of("Problem", problem)));
    return document;
  }

  private static Map<String, Object> parameter(Api.Parameter parameter) {
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("name", parameter.name());
    described.put("in", parameter.in());
    described.put("description", parameter.description());
    described.put("required", parameter.required());
    Map<String, Object> schema = new LinkedHashMap<>();
    switch (parameter.type()) {
      case "date" -> {
        schema.put("type", "string");
        schema.put("format", "date");
      }
      default -> schema.put("type", parameter.type());
    }
    if (!parameter.choices().isEmpty()) {
      schema.put("enum", parameter.choices());
    }
    if (parameter.repeated()) {
      described.put("schema", Map.of("type", "array", "items", schema));
      described.put("explode", true);
    } else {
      described.put("schema", schema);
    }
    return described;
  }

  private static Map<String, Object> problem(String description) {
    return Map.of("description", description,
        "content", Map.of("application/problem+json", Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"))));
  }
}
