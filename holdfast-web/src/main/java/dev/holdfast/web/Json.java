package dev.holdfast.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** The one JSON mapper of the API, the pages and the report: plain maps, lists, strings and numbers in, JSON text out. */
final class Json {
  /** Maps numbers that are not finite (a rate over no customers) to null: JSON has no NaN. */
  static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .registerModule(new SimpleModule("finite-numbers")
          .addSerializer(Double.class, new FiniteSerializer())
          .addSerializer(double.class, new FiniteSerializer()));

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  /** JSON that can sit inside an HTML {@code <script>} element: no {@code <} can close it or open a comment. */
  static String forScript(Object value) {
    return write(value).replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  /** A JSON document the trainer wrote, or null when there is none or it is not JSON (shown as missing, never as an error). */
  static JsonNode parseOrNull(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static final class FiniteSerializer extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    FiniteSerializer() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, com.fasterxml.jackson.core.JsonGenerator generator, SerializerProvider provider) throws IOException {
      if (value == null || !Double.isFinite(value)) {
        generator.writeNull();
      } else {
        generator.writeNumber(value);
      }
    }
  }
}
