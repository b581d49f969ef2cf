package dev.primer.vocab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * A DoFn instance's access to its shared tokenizer: opened in {@code @Setup} (a file source is
 * leased right away, so a missing file fails the step early), resolved per element (a side-input
 * source is re-leased only when the JSON text changes), closed in {@code @Teardown}.
 */
public final class TokenizerHandle implements AutoCloseable {

  private final TokenizerSource source;
  private SharedTokenizers.Lease lease;
  private String leasedJson;

  TokenizerHandle(TokenizerSource source) {
    this.source = source;
  }

  /** Leases a file tokenizer now; does nothing for a side-input source. */
  public synchronized void open() {
    if (source.uri() != null && lease == null) {
      try {
        lease = SharedTokenizers.acquireUri(source.uri());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load tokenizer " + source.uri(), e);
      }
    }
  }

  /**
   * The tokenizer for the current element.
   *
   * @param sideInputs reads a side input, e.g. {@code c::sideInput} of a ProcessContext
   */
  public synchronized SubwordTokenizer get(Function<PCollectionView<String>, String> sideInputs) {
    if (source.uri() != null) {
      open();
      return lease.tokenizer();
    }
    String json = sideInputs.apply(source.jsonView());
    if (lease == null || (json != leasedJson && !json.equals(leasedJson))) {
      SharedTokenizers.Lease fresh = SharedTokenizers.acquireJson(json);
      if (lease != null) {
        lease.close();
      }
      lease = fresh;
      leasedJson = json;
    }
    return lease.tokenizer();
  }

  @Override
  public synchronized void close() {
    if (lease != null) {
      lease.close();
      lease = null;
      leasedJson = null;
    }
  }
}
