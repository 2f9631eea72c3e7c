package dev.holdfast.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The file form of a {@link ChurnModel}: a ZIP holding {@code model.json} (format, kind, provenance, parameters,
 * encoding, calibrator and, for the logistic model, its coefficients) and, for XGBoost, {@code booster.ubj}.
 *
 * <p>Entries carry a fixed timestamp, so the same model always gives the same bytes.
 */
final class ModelArchive {
  static final String FORMAT = "holdfast-churn-model";
  static final int VERSION = 1;
  private static final String MODEL = "model.json";
  private static final String BOOSTER = "booster.ubj";
  private static final LocalDateTime TIMESTAMP = LocalDateTime.of(2000, 1, 1, 0, 0);
  /** A model file is refused beyond this size: 1 GiB. */
  private static final long MAX_ENTRY = 1L << 30;

  private ModelArchive() {}

  static byte[] write(LogisticModel model) {
    ObjectNode json = header(model);
    ObjectNode logistic = json.putObject("logistic");
    logistic.put("intercept", model.rawIntercept());
    ArrayNode coefficients = logistic.putArray("coefficients");
    for (double coefficient : model.rawCoefficients()) {
      coefficients.add(coefficient);
    }
    ArrayNode means = logistic.putArray("design_means");
    for (double mean : model.designMeans()) {
      means.add(mean);
    }
    json.set("encoding", model.encoding().toJson());
    return zip(Map.of(MODEL, Json.write(json).getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] write(XgboostModel model) {
    ObjectNode json = header(model);
    json.put("rounds", model.rounds());
    json.set("encoding", model.encoding().toJson());
    return zip(Map.of(MODEL, Json.write(json).getBytes(StandardCharsets.UTF_8), BOOSTER, model.boosterBytes()));
  }

  private static ObjectNode header(ChurnModel model) {
    ObjectNode json = Json.object();
    json.put("format", FORMAT);
    json.put("version", VERSION);
    json.put("kind", model.kind().id());
    json.set("provenance", model.provenance().toTree());
    ObjectNode parameters = json.putObject("parameters");
    model.parameters().describe().forEach(parameters::put);
    json.set("calibrator", CalibratorJson.write(model.calibrator()));
    return json;
  }

  static ChurnModel read(byte[] artifact) {
    Map<String, byte[]> entries = unzip(artifact);
    byte[] modelJson = entries.get(MODEL);
    if (modelJson == null) {
      throw new ModelException("this is not a Holdfast churn model: the file has no " + MODEL + " (entries: "
          + entries.keySet() + ")");
    }
    JsonNode json = Json.read(modelJson, MODEL);
    if (!FORMAT.equals(json.path("format").asText())) {
      throw new ModelException("this is not a Holdfast churn model: " + MODEL + " has format \""
          + json.path("format").asText() + "\"");
    }
    int version = json.path("version").asInt(-1);
    if (version != VERSION) {
      throw new ModelException("the model file has format version " + version + "; this Holdfast reads version "
          + VERSION + ". Retrain the model with this version (holdfast train)");
    }
    ModelKind kind = ModelKind.of(Json.text(json, "kind"));
    Provenance provenance = Provenance.fromTree(Json.field(json, "provenance"));
    Map<String, String> parameters = Provenance.strings(Json.field(json, "parameters"));
    Calibrator calibrator = CalibratorJson.read(Json.field(json, "calibrator"));
    Encoding encoding = Encoding.fromJson(Json.field(json, "encoding"));
    switch (kind) {
      case LOGISTIC: {
        JsonNode logistic = Json.field(json, "logistic");
        return new LogisticModel(LogisticParameters.fromDescription(parameters), encoding,
            Json.number(logistic, "intercept"), numbers(Json.field(logistic, "coefficients")),
            numbers(Json.field(logistic, "design_means")), calibrator, provenance);
      }
      case XGBOOST: {
        byte[] booster = entries.get(BOOSTER);
        if (booster == null) {
          throw new ModelException("the XGBoost model file lacks its booster, " + BOOSTER);
        }
        return new XgboostModel(XgboostParameters.fromDescription(parameters), encoding, booster,
            Json.field(json, "rounds").asInt(), calibrator, provenance);
      }
      default:
        throw new ModelException("unknown model kind: " + kind);
    }
  }

  private static double[] numbers(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  private static byte[] zip(Map<String, byte[]> entries) {
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      for (String name : entries.keySet().stream().sorted().toList()) {
        var entry = new ZipEntry(name);
        entry.setTimeLocal(TIMESTAMP);
        zip.putNextEntry(entry);
        zip.write(entries.get(name));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing a ZIP in memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static Map<String, byte[]> unzip(byte[] artifact) {
    var entries = new HashMap<String, byte[]>();
    try (var zip = new ZipInputStream(new ByteArrayInputStream(artifact))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        byte[] content = zip.readNBytes((int) Math.min(MAX_ENTRY, Integer.MAX_VALUE - 8));
        if (zip.read() != -1) {
          throw new ModelException("the model file's entry " + entry.getName() + " is larger than 1 GiB");
        }
        entries.put(entry.getName(), content);
      }
    } catch (IOException e) {
      throw new ModelException("the model file is not a readable ZIP: " + e.getMessage(), e);
    }
    if (entries.isEmpty()) {
      throw new ModelException("this is not a Holdfast churn model: it is empty or not a ZIP (" + artifact.length
          + " bytes)");
    }
    return entries;
  }
}
