package dev.primer.vocab;

import org.apache.beam.sdk.transforms.DoFn;

/**
 * A DoFn that uses the tokenizer of a {@link TokenizerSource}: one {@link TokenizerHandle} per DoFn
 * instance, opened in {@code @Setup} and closed in {@code @Teardown}.
 */
abstract class TokenizerFn<InputT, OutputT> extends DoFn<InputT, OutputT> {

  private final TokenizerSource source;
  private transient TokenizerHandle handle;

  TokenizerFn(TokenizerSource source) {
    this.source = source;
  }

  @Setup
  public void setup() {
    handle = source.newHandle();
    handle.open();
  }

  /** The tokenizer for the current element (a side-input source reads it from {@code c}). */
  final SubwordTokenizer tokenizer(ProcessContext c) {
    return handle.get(c::sideInput);
  }

  @Teardown
  public void teardown() {
    if (handle != null) {
      handle.close();
    }
  }
}
