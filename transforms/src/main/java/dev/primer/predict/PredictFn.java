package dev.primer.predict;

import dev.primer.io.DeadLetters;
import dev.primer.learn.train.Determinism;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.EntityPrediction;
import dev.primer.schemas.Prediction;
import dev.primer.vocab.SharedTokenizers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Tags a batch of lines of one language with a {@link Predictor}: models are loaded once per JVM
 * ({@code ModelCache}), the tokenizer once per JVM ({@link SharedTokenizers}); tagged lines become
 * {@link Prediction} records, the others dead letters with the predictor's reason.
 */
public final class PredictFn extends DoFn<KV<String, Iterable<InputLine>>, Prediction> {

  /** Predictions (the main output). */
  public static final TupleTag<Prediction> PREDICTIONS = new TupleTag<>() {};

  /** Lines that could not be tagged. */
  public static final TupleTag<DeadLetter> REJECTED = new TupleTag<>() {};

  private final PredictSettings settings;
  private final String stage;
  private final Counter tagged = Metrics.counter("primer.predict", "lines_tagged");
  private final Counter entities = Metrics.counter("primer.predict", "entities");
  private final Counter rejected = Metrics.counter("primer.predict", "lines_rejected");
  private transient SharedTokenizers.Lease tokenizer;
  private transient Predictor predictor;

  /** A DoFn with these settings, for stage {@code stage}. */
  public PredictFn(PredictSettings settings, String stage) {
    this.settings = settings;
    this.stage = stage;
  }

  @Setup
  public void setup() throws IOException {
    if (settings.deterministic()) {
      Determinism.singleThreaded();
    }
    tokenizer = SharedTokenizers.acquireUri(settings.tokenizerUri());
    predictor =
        new Predictor(
            settings.adapters(),
            settings.fallbackLang(),
            tokenizer.tokenizer(),
            settings.maxLength(),
            settings.batchSize(),
            settings.padId());
  }

  @Teardown
  public void teardown() {
    if (tokenizer != null) {
      tokenizer.close();
    }
  }

  @ProcessElement
  public void process(@Element KV<String, Iterable<InputLine>> batch, MultiOutputReceiver out)
      throws IOException {
    List<InputLine> lines = new ArrayList<>();
    batch.getValue().forEach(lines::add);
    for (LinePrediction p : predictor.predict(lines)) {
      if (p.ok()) {
        tagged.inc();
        entities.inc(p.entities().size());
        out.get(PREDICTIONS).output(record(p));
      } else {
        rejected.inc();
        InputLine in = p.input();
        out.get(REJECTED)
            .output(
                DeadLetters.of(
                    stage,
                    in.source(),
                    in.line(),
                    in.byteOffset(),
                    in.text(),
                    p.reason(),
                    p.detail(),
                    in.lang().isEmpty() ? null : in.lang()));
      }
    }
  }

  /** The Avro record of a tagged line. */
  public static Prediction record(LinePrediction p) {
    String text = p.input().text();
    List<String> tokens = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    for (WordSegmenter.Word w : p.words()) {
      tokens.add(w.text());
      starts.add(WordSegmenter.codePointOffset(text, w.start()));
      ends.add(WordSegmenter.codePointOffset(text, w.end()));
    }
    List<EntityPrediction> spans = new ArrayList<>();
    for (PredictedEntity e : p.entities()) {
      spans.add(
          EntityPrediction.newBuilder()
              .setType(e.type())
              .setText(e.text())
              .setStart(e.start())
              .setEnd(e.end())
              .setFirstWord(e.firstWord())
              .setLastWord(e.lastWord())
              .setConfidence(e.confidence())
              .build());
    }
    return Prediction.newBuilder()
        .setId(p.input().id())
        .setLang(p.input().lang())
        .setAdapterLang(p.adapterLang())
        .setText(text)
        .setTokens(tokens)
        .setTokenStarts(starts)
        .setTokenEnds(ends)
        .setTags(p.tags())
        .setWindows(p.windows())
        .setEntities(spans)
        .build();
  }
}
