package dev.holdfast.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Writes a {@link Calibrator} into a model file and reads it back. */
final class CalibratorJson {
  private CalibratorJson() {}

  static ObjectNode write(Calibrator calibrator) {
    ObjectNode json = Json.object();
    json.put("method", calibrator.method().name().toLowerCase(Locale.ROOT));
    if (calibrator instanceof Calibrator.Platt platt) {
      json.put("slope", platt.slope()).put("intercept", platt.intercept());
    } else if (calibrator instanceof Calibrator.Isotonic isotonic) {
      ArrayNode thresholds = json.putArray("thresholds");
      ArrayNode values = json.putArray("values");
      for (int i = 0; i < isotonic.size(); i++) {
        thresholds.add(isotonic.threshold(i));
        values.add(isotonic.value(i));
      }
    }
    return json;
  }

  static Calibrator read(JsonNode json) {
    String method = Json.text(json, "method");
    switch (method) {
      case "none":
        return new Calibrator.Identity();
      case "platt":
        return new Calibrator.Platt(Json.number(json, "slope"), Json.number(json, "intercept"));
      case "isotonic":
        JsonNode thresholds = Json.field(json, "thresholds");
        JsonNode values = Json.field(json, "values");
        double[] xs = new double[thresholds.size()];
        double[] ys = new double[values.size()];
        for (int i = 0; i < xs.length; i++) {
          xs[i] = thresholds.get(i).asDouble();
        }
        for (int i = 0; i < ys.length; i++) {
          ys[i] = values.get(i).asDouble();
        }
        return new Calibrator.Isotonic(xs, ys);
      default:
        throw new ModelException("the model file names calibration \"" + method + "\"; expected none, platt or"
            + " isotonic");
    }
  }
}
