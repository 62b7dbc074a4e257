package io.entente.node.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * The API's JSON: strict on input (unknown fields, wrong types, coercions, duplicate keys, trailing
 * content and malformed text are all 400s that name the field) and plain on output. JSON is for the
 * API only; everything hashed or signed travels as base64 of its canonical encoding.
 */
final class Json {
  private Json() {}

  /** Nesting deeper than this is not a request of this API. */
  private static final int NESTING_DEPTH_MAX = 64;

  static final ObjectMapper MAPPER = mapper();

  private static ObjectMapper mapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(NESTING_DEPTH_MAX).build());
    // No strings where numbers or booleans belong, and the other way round.
    for (LogicalType type :
        new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigDefaults()
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    return mapper;
  }

  /** Parses a request body into {@code type}, or throws a 400 problem naming the field. */
  static <T> T parse(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw ApiProblem.invalidRequest("the request needs a JSON body");
    }
    T value;
    try {
      value = MAPPER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiProblem.invalidField(path(e), "unknown field");
    } catch (InvalidFormatException e) {
      throw ApiProblem.invalidField(path(e), "wrong type or format: " + e.getOriginalMessage());
    } catch (MismatchedInputException e) {
      String path = path(e);
      if (path.isEmpty()) {
        throw ApiProblem.invalidRequest("the body is not the expected JSON object");
      }
      throw ApiProblem.invalidField(path, "wrong type: expected " + expected(e));
    } catch (JsonMappingException e) {
      String path = path(e);
      String detail = e.getOriginalMessage();
      if (path.isEmpty()) {
        throw ApiProblem.invalidRequest("invalid JSON: " + detail);
      }
      throw ApiProblem.invalidField(path, detail);
    } catch (JsonProcessingException e) {
      throw ApiProblem.invalidRequest(
          "malformed JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiProblem.invalidRequest("unreadable body: " + e.getMessage());
    }
    if (value == null) {
      throw ApiProblem.invalidRequest("the body is JSON null, not an object");
    }
    return value;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            reference ->
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String expected(MismatchedInputException e) {
    Class<?> target = e.getTargetType();
    if (target == null) {
      return "another type";
    }
    if (target == String.class) {
      return "a string";
    }
    if (target == Long.class || target == long.class || target == Integer.class) {
      return "an integer";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "a boolean";
    }
    if (java.util.List.class.isAssignableFrom(target)) {
      return "an array";
    }
    return "an object";
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** A required field: throws a 400 naming it when absent. */
  static <T> T required(T value, String field) {
    if (value == null) {
      throw ApiProblem.invalidField(field, "required");
    }
    return value;
  }

  static Bytes base64(String text, String field) {
    try {
      return Bytes.wrapUnsafe(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField(field, "not base64 (RFC 4648, with padding)");
    }
  }

  static String base64(Bytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.unsafeArray());
  }

  static String hex(Hash hash) {
    return hash.toHex();
  }

  /** A 64-digit hex hash from a URL or body; 400 naming {@code field} otherwise. */
  static Hash hash(String text, String field) {
    if (text.length() != 2 * Hash.LENGTH_BYTES) {
      throw ApiProblem.invalidField(field, "expected " + 2 * Hash.LENGTH_BYTES + " hex digits");
    }
    try {
      return new Hash(Bytes.wrapUnsafe(HexFormat.of().parseHex(text)));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField(field, "not hex");
    }
  }
}
