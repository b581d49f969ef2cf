package dev.primer.vocab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads a tokenizer.json (any Beam FileSystems URI) into a single-element {@code
 * PCollection<String>}, checking that it parses, e.g. to copy an unpruned vocabulary into the run.
 */
public final class ReadTokenizerJson extends PTransform<PBegin, PCollection<String>> {

  private final String uri;

  private ReadTokenizerJson(String uri) {
    this.uri = uri;
  }

  /** Reads the file at {@code uri}. */
  public static ReadTokenizerJson from(String uri) {
    return new ReadTokenizerJson(uri);
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    return begin
        .apply("Uri", Create.of(uri).withCoder(StringUtf8Coder.of()))
        .apply("ReadJson", ParDo.of(new ReadJsonFn()))
        .setCoder(StringUtf8Coder.of());
  }

  /** Reads and validates one tokenizer.json. */
  static final class ReadJsonFn extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String uri, OutputReceiver<String> out) {
      try {
        String json = new String(SharedTokenizers.readAll(uri), StandardCharsets.UTF_8);
        TokenizerJson.parse(json);
        out.output(json);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read tokenizer " + uri, e);
      }
    }
  }
}
