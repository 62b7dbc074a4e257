package io.entente.node.consortium;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict reading of one JSON object: every field is asked for by name and type, unknown fields are
 * refused (a misspelt option must not be ignored), and every error names the file and the field's
 * path. Writing is through {@link #MAPPER}'s tree model, fields in the order they are added.
 */
final class JsonFields {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final JsonNode node;
  private final String file;
  private final String path;
  private final Set<String> asked = new LinkedHashSet<>();

  private JsonFields(JsonNode node, String file, String path) {
    this.node = node;
    this.file = file;
    this.path = path;
  }

  static JsonFields parse(String text, String file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          file + " is not valid JSON: " + e.getOriginalMessage() + " " + location(e));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + " must hold one JSON object");
    }
    return new JsonFields(root, file, "");
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : "(line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  private String where(String field) {
    return file + ": " + (path.isEmpty() ? field : path + "." + field);
  }

  private JsonNode required(String field) {
    asked.add(field);
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new ConfigException(where(field) + " is missing");
    }
    return value;
  }

  /** Whether {@code field} is present (and not null); counts as asked for. */
  boolean has(String field) {
    asked.add(field);
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  String string(String field) {
    JsonNode value = required(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new ConfigException(where(field) + " must be a non-empty string");
    }
    return value.asText();
  }

  int integer(String field, int min, int max) {
    JsonNode value = required(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new ConfigException(where(field) + " must be an integer " + min + ".." + max);
    }
    int number = value.intValue();
    if (number < min || number > max) {
      throw new ConfigException(
          where(field) + " is " + number + ", it must be " + min + ".." + max);
    }
    return number;
  }

  boolean bool(String field) {
    JsonNode value = required(field);
    if (!value.isBoolean()) {
      throw new ConfigException(where(field) + " must be true or false");
    }
    return value.booleanValue();
  }

  JsonFields object(String field) {
    JsonNode value = required(field);
    if (!value.isObject()) {
      throw new ConfigException(where(field) + " must be an object");
    }
    return new JsonFields(value, file, path.isEmpty() ? field : path + "." + field);
  }

  List<JsonFields> objects(String field, int maxItems) {
    JsonNode value = required(field);
    if (!value.isArray()) {
      throw new ConfigException(where(field) + " must be a list");
    }
    if (value.size() > maxItems) {
      throw new ConfigException(
          where(field) + " has " + value.size() + " entries, at most " + maxItems);
    }
    List<JsonFields> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      String itemPath = (path.isEmpty() ? field : path + "." + field) + "[" + i + "]";
      if (!value.get(i).isObject()) {
        throw new ConfigException(file + ": " + itemPath + " must be an object");
      }
      items.add(new JsonFields(value.get(i), file, itemPath));
    }
    return items;
  }

  /** Call after reading every field: anything not asked for is a mistake in the file. */
  void noOtherFields() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!asked.contains(name)) {
        throw new ConfigException(
            where(name) + " is not a known field (known here: " + String.join(", ", asked) + ")");
      }
    }
  }

  String where() {
    return path.isEmpty() ? file : file + ": " + path;
  }
}
