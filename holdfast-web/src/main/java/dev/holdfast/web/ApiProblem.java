package dev.holdfast.web;

import dev.holdfast.HoldfastException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the API cannot answer, rendered as an RFC 9457 problem document: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} and, for bad parameters, {@code errors} with one entry per
 * field.
 */
final class ApiProblem extends HoldfastException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with one request parameter. */
  record FieldError(String field, String message) {}

  private final int status;
  private final String title;
  private final transient List<FieldError> errors;

  ApiProblem(int status, String title, String detail, List<FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  static ApiProblem badRequest(String title, List<FieldError> errors) {
    String detail = errors.stream().map(error -> error.field() + ": " + error.message()).reduce((a, b) -> a + "; " + b).orElse(title);
    return new ApiProblem(400, title, detail, errors);
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  List<FieldError> errors() {
    return errors;
  }

  Map<String, Object> document(String instance) {
    return document(status, title, getMessage(), instance, errors);
  }

  static Map<String, Object> document(int status, String title, String detail, String instance, List<FieldError> errors) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("instance", instance);
    if (!errors.isEmpty()) {
      problem.put("errors", errors.stream().map(error -> {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("field", error.field());
        field.put("message", error.message());
        return field;
      }).toList());
    }
    return problem;
  }
}
