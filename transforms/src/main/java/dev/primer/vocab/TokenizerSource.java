package dev.primer.vocab;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Where a DoFn gets its tokenizer.json from: a file (any Beam FileSystems URI, read once per JVM)
 * or a singleton side input holding the JSON text (a vocabulary produced earlier in the same
 * pipeline). Pass {@link #sideInputs()} to {@code ParDo.withSideInputs}.
 */
public final class TokenizerSource implements Serializable {

  private final String uri;
  private final PCollectionView<String> json;

  private TokenizerSource(String uri, PCollectionView<String> json) {
    this.uri = uri;
    this.json = json;
  }

  /** A tokenizer.json file, e.g. {@code gs://bucket/run/vocab/tokenizer.json}. */
  public static TokenizerSource ofUri(String uri) {
    return new TokenizerSource(Objects.requireNonNull(uri), null);
  }

  /** A singleton view of tokenizer.json text. */
  public static TokenizerSource ofJson(PCollectionView<String> json) {
    return new TokenizerSource(null, Objects.requireNonNull(json));
  }

  /** The side inputs the DoFn must declare (empty for a file). */
  public List<PCollectionView<?>> sideInputs() {
    return json == null ? List.of() : List.of(json);
  }

  /** The file URI, or null for a side input. */
  public String uri() {
    return uri;
  }

  /** The side input, or null for a file. */
  public PCollectionView<String> jsonView() {
    return json;
  }

  /** A handle for one DoFn instance; not serializable, create it in {@code @Setup}. */
  public TokenizerHandle newHandle() {
    return new TokenizerHandle(this);
  }
}
