package dev.primer.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** A deterministic Beam coder for {@link CorpusStats} (maps are written in key order). */
public final class CorpusStatsCoder extends CustomCoder<CorpusStats> {
  private static final long serialVersionUID = 1L;
  private static final CorpusStatsCoder INSTANCE = new CorpusStatsCoder();
  private static final Coder<String> NAME = NullableCoder.of(StringUtf8Coder.of());
  private static final Coder<Long> COUNT = VarLongCoder.of();
  private static final Coder<Map<String, Long>> COUNTS =
      MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  private CorpusStatsCoder() {}

  /** The coder. */
  public static CorpusStatsCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(CorpusStats value, OutputStream out) throws IOException {
    NAME.encode(value.lang(), out);
    NAME.encode(value.split(), out);
    COUNT.encode(value.sentences(), out);
    COUNT.encode(value.tokens(), out);
    COUNT.encode(value.duplicatesRemoved(), out);
    COUNT.encode(value.repairedSentences(), out);
    COUNTS.encode(value.entities(), out);
    COUNTS.encode(value.deadLetters(), out);
  }

  @Override
  public CorpusStats decode(InputStream in) throws IOException {
    return CorpusStats.decoded(
        NAME.decode(in),
        NAME.decode(in),
        COUNT.decode(in),
        COUNT.decode(in),
        COUNT.decode(in),
        COUNT.decode(in),
        COUNTS.decode(in),
        COUNTS.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof CorpusStatsCoder;
  }

  @Override
  public int hashCode() {
    return CorpusStatsCoder.class.hashCode();
  }
}
