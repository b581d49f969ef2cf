package dev.primer.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Collects (key, JSON text) pairs into one pretty-printed JSON object with sorted keys, e.g. the
 * per-language statistics a stage writes to {@code stats.json}. An empty input gives {@code {}}.
 */
public final class CollectJsonObject
    extends PTransform<PCollection<KV<String, String>>, PCollection<String>> {

  private static final ObjectMapper JSON = Json.mapper();

  private CollectJsonObject() {}

  /** The transform. */
  public static CollectJsonObject of() {
    return new CollectJsonObject();
  }

  /** The JSON text of a value (maps, lists, numbers, strings, beans). */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public PCollection<String> expand(PCollection<KV<String, String>> entries) {
    return entries.apply("JoinEntries", Combine.globally(new JoinFn()));
  }

  /** Joins the entries; keys sorted so the output does not depend on bundle order. */
  static final class JoinFn
      extends Combine.CombineFn<KV<String, String>, TreeMap<String, String>, String> {

    @Override
    public TreeMap<String, String> createAccumulator() {
      return new TreeMap<>();
    }

    @Override
    public TreeMap<String, String> addInput(TreeMap<String, String> acc, KV<String, String> entry) {
      if (acc.put(entry.getKey(), entry.getValue()) != null) {
        throw new IllegalStateException("duplicate key in JSON object: " + entry.getKey());
      }
      return acc;
    }

    @Override
    public TreeMap<String, String> mergeAccumulators(Iterable<TreeMap<String, String>> accs) {
      TreeMap<String, String> merged = new TreeMap<>();
      for (TreeMap<String, String> acc : accs) {
        for (var entry : acc.entrySet()) {
          addInput(merged, KV.of(entry.getKey(), entry.getValue()));
        }
      }
      return merged;
    }

    @Override
    public String extractOutput(TreeMap<String, String> acc) {
      ObjectNode object = JSON.createObjectNode();
      for (var entry : acc.entrySet()) {
        try {
          object.set(entry.getKey(), JSON.readTree(entry.getValue()));
        } catch (IOException e) {
          throw new UncheckedIOException("not JSON for key " + entry.getKey(), e);
        }
      }
      return toJson(object);
    }

    @Override
    public Coder<TreeMap<String, String>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<String, String>> inputCoder) {
      return new TreeMapCoder();
    }
  }

  /** Encodes the accumulator as a sorted map of strings. */
  static final class TreeMapCoder extends CustomCoder<TreeMap<String, String>> {
    private static final Coder<Map<String, String>> MAP =
        MapCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

    @Override
    public void encode(TreeMap<String, String> value, OutputStream out) throws IOException {
      MAP.encode(value, out);
    }

    @Override
    public TreeMap<String, String> decode(InputStream in) throws IOException {
      return new TreeMap<>(MAP.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
