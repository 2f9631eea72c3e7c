package dev.holdfast.store.features;

import java.util.List;

/**
 * What a training set found in the data and scoring must reuse: the event types that become features (with
 * whether their events carry values) and the customer attributes (numeric when every value is a number).
 */
public record FeatureSchema(List<EventType> eventTypes, List<Attribute> attributes) {
  public record EventType(String type, String name, boolean hasValue) {}

  public record Attribute(String key, boolean numeric) {}

  public FeatureSchema {
    eventTypes = List.copyOf(eventTypes);
    attributes = List.copyOf(attributes);
  }
}
