package dev.feedback360.producer.instrument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parses the JSON form of an {@link Instrument}, rejecting unknown fields and naming the source in every error. */
final class InstrumentReader {

  private static final Set<String> INSTRUMENT_FIELDS = Set.of("id", "version", "items");
  private static final Set<String> ITEM_FIELDS = Set.of("id", "axis", "pole", "text");
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private InstrumentReader() {}

  static Instrument read(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new InvalidInstrumentException("Instrument file " + source + " is not valid JSON: "
          + e.getOriginalMessage() + location(e), e);
    }
    try {
      return toInstrument(root);
    } catch (IllegalArgumentException e) {
      throw new InvalidInstrumentException("Instrument file " + source + " is invalid: " + e.getMessage(), e);
    }
  }

  private static Instrument toInstrument(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object with fields id, version and items");
    }
    requireKnownFields(root, INSTRUMENT_FIELDS, "the instrument");
    String id = text(root, "id", "the instrument");
    JsonNode version = root.get("version");
    if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
      throw new IllegalArgumentException("version must be a whole number");
    }
    JsonNode items = root.get("items");
    if (items == null || !items.isArray() || items.isEmpty()) {
      throw new IllegalArgumentException("items must be a non-empty array");
    }
    List<Item> parsed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      parsed.add(toItem(items.get(i), "item " + (i + 1)));
    }
    return new Instrument(id, version.intValue(), parsed);
  }

  private static Item toItem(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a JSON object");
    }
    requireKnownFields(node, ITEM_FIELDS, where);
    String id = text(node, "id", where);
    String itemWhere = where + " (" + id + ")";
    Axis axis = constant(Axis.class, Axis.values(), text(node, "axis", itemWhere), itemWhere + " axis");
    Pole pole = constant(Pole.class, Pole.values(), text(node, "pole", itemWhere), itemWhere + " pole");
    return new Item(id, axis, pole, text(node, "text", itemWhere));
  }

  private static <E extends Enum<E>> E constant(Class<E> type, E[] values, String name, String what) {
    try {
      return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " '" + name + "' is unknown; expected one of "
          + Arrays.toString(values), e);
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(where + " needs a string field '" + field + "'");
    }
    return value.textValue();
  }

  private static void requireKnownFields(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(where + " has unknown field '" + name + "'; known fields are "
            + known.stream().sorted().toList());
      }
    }
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ")";
  }
}
