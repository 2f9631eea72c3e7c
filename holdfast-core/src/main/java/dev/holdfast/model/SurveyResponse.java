package dev.holdfast.model;

import java.time.Instant;
import java.util.Objects;

/** One answer to an NPS, CSAT or CES survey. */
public record SurveyResponse(
    String id, String customerId, SurveyKind kind, int score, String comment, Instant answeredAt) {
  public SurveyResponse {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(answeredAt, "answeredAt");
    if (score < kind.min() || score > kind.max()) {
      throw new IllegalArgumentException(
          kind + " score must be " + kind.min() + ".." + kind.max() + ": " + score);
    }
  }
}
