package dev.primer.vocab;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/** Tokenizes a distinct word and emits {@code KV<pieceId, occurrences>} for each of its pieces. */
final class PieceIdsFn extends DoFn<KV<String, Long>, KV<Integer, Long>> {

  private final TokenizerSource source;
  private transient TokenizerHandle handle;

  PieceIdsFn(TokenizerSource source) {
    this.source = source;
  }

  @Setup
  public void setup() {
    handle = source.newHandle();
    handle.open();
  }

  @ProcessElement
  public void process(ProcessContext c) {
    int[] ids = handle.get(c::sideInput).tokenizeWords(List.of(c.element().getKey()))[0];
    Map<Integer, Long> perPiece = new HashMap<>();
    for (int id : ids) {
      perPiece.merge(id, c.element().getValue(), Long::sum);
    }
    perPiece.forEach((id, n) -> c.output(KV.of(id, n)));
  }

  @Teardown
  public void teardown() {
    if (handle != null) {
      handle.close();
    }
  }
}
