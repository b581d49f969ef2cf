package dev.primer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * primer's one configured Jackson mapper: pretty-printed output ({@link
 * SerializationFeature#INDENT_OUTPUT}), Jackson's defaults otherwise (unknown properties fail a
 * bound read unless the record says otherwise). Plain Java (no Beam), so the learning core's {@code
 * checkpoint.json} and {@code config.json} and the stages' manifests ({@code
 * dev.primer.io.Manifest#mapper()}) bind through the same one. Thread-safe once configured; never
 * reconfigure it.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** The shared mapper (pretty-printing). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A writer of the shared mapper without indentation, for one-line JSON. */
  public static ObjectWriter compact() {
    return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
  }
}
