package dev.holdfast.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A customer (an account, a logo) with its sign-up time, segment attributes and free-form attributes. */
public record Customer(
    String id,
    Instant created,
    String plan,
    String country,
    String channel,
    String owner,
    Map<String, String> attributes) {
  public Customer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(created, "created");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
