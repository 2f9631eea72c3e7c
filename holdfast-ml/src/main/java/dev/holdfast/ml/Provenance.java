package dev.holdfast.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where a trained model came from: its kind, when it was trained, the seed, the training rows, the features, every
 * setting (including those chosen during training, such as the number of rounds) and the library versions.
 *
 * <p>The data window (which observation dates, which horizon) is the dataset builder's to add beside this.
 *
 * @param firstGroup the smallest group (observation date as an epoch day) in the training rows, if they had groups
 * @param lastGroup the largest group in the training rows, if they had groups
 */
public record Provenance(
    ModelKind kind,
    Instant trainedAt,
    long seed,
    int rows,
    int positives,
    OptionalInt firstGroup,
    OptionalInt lastGroup,
    List<String> features,
    Map<String, String> parameters,
    Map<String, String> versions) {

  public Provenance {
    features = List.copyOf(features);
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
  }

  /** Returns this provenance as JSON, the form the store's {@code churn_models.provenance} column holds. */
  public String toJson() {
    return Json.write(toTree());
  }

  ObjectNode toTree() {
    ObjectNode json = Json.object();
    json.put("kind", kind.id());
    json.put("trained_at", trainedAt.toString());
    json.put("seed", seed);
    json.put("rows", rows);
    json.put("positives", positives);
    firstGroup.ifPresent(group -> json.put("first_group", group));
    lastGroup.ifPresent(group -> json.put("last_group", group));
    ArrayNode names = json.putArray("features");
    features.forEach(names::add);
    ObjectNode settings = json.putObject("parameters");
    parameters.forEach(settings::put);
    ObjectNode libraries = json.putObject("versions");
    versions.forEach(libraries::put);
    return json;
  }

  static Provenance fromTree(JsonNode json) {
    var names = new ArrayList<String>();
    Json.field(json, "features").forEach(name -> names.add(name.asText()));
    return new Provenance(
        ModelKind.of(Json.text(json, "kind")),
        Instant.parse(Json.text(json, "trained_at")),
        Json.field(json, "seed").asLong(),
        Json.field(json, "rows").asInt(),
        Json.field(json, "positives").asInt(),
        json.has("first_group") ? OptionalInt.of(json.get("first_group").asInt()) : OptionalInt.empty(),
        json.has("last_group") ? OptionalInt.of(json.get("last_group").asInt()) : OptionalInt.empty(),
        names,
        strings(Json.field(json, "parameters")),
        strings(Json.field(json, "versions")));
  }

  static Map<String, String> strings(JsonNode object) {
    var map = new LinkedHashMap<String, String>();
    object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
    return map;
  }
}
