package dev.primer.encode;

import dev.primer.io.DeadLetters;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Sentence;
import dev.primer.vocab.SubwordTokenizer;
import dev.primer.vocab.TokenizerHandle;
import dev.primer.vocab.TokenizerSource;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Encodes each sentence with a {@link SentenceEncoder}: windows on the main output, a {@link
 * DeadLetter} (stage {@code encode}, source = sentence id) on {@link #deadLetters}, and the
 * sentence's {@link EncodeCounts} keyed by (lang, split) on {@link #counts}. Counters in namespace
 * {@value #METRICS}.
 */
final class EncodeSentenceFn extends DoFn<Sentence, EncodedSentence> {

  static final String STAGE = "encode";

  /** The namespace of this stage's Beam metrics. */
  static final String METRICS = "primer.encode";

  /** Reason for an unexpected failure while encoding one sentence. */
  static final String ENCODE_ERROR = "ENCODE_ERROR";

  private final TokenizerSource tokenizer;
  private final PCollectionView<LabelVocabulary> labels;
  private final EncodeOptions options;
  private final TupleTag<DeadLetter> deadLetters;
  private final TupleTag<KV<KV<String, String>, EncodeCounts>> counts;

  private final Counter sentences = Metrics.counter(METRICS, "sentences");
  private final Counter windows = Metrics.counter(METRICS, "windows");
  private final Counter subwords = Metrics.counter(METRICS, "subwords");
  private final Counter truncatedWords = Metrics.counter(METRICS, "truncated_words");
  private final Counter emptyWords = Metrics.counter(METRICS, "empty_words");
  private final Counter unkPieces = Metrics.counter(METRICS, "unk_pieces");
  private final Counter mappedTags = Metrics.counter(METRICS, "mapped_tags");
  private final Counter rejected = Metrics.counter(METRICS, "dead_letters");

  private transient TokenizerHandle handle;
  private transient SentenceEncoder encoder;

  EncodeSentenceFn(
      TokenizerSource tokenizer,
      PCollectionView<LabelVocabulary> labels,
      EncodeOptions options,
      TupleTag<DeadLetter> deadLetters,
      TupleTag<KV<KV<String, String>, EncodeCounts>> counts) {
    this.tokenizer = tokenizer;
    this.labels = labels;
    this.options = options;
    this.deadLetters = deadLetters;
    this.counts = counts;
  }

  @Setup
  public void setup() {
    handle = tokenizer.newHandle();
    handle.open();
  }

  @ProcessElement
  public void process(ProcessContext c) {
    SentenceEncoder enc = encoder(handle.get(c::sideInput), c.sideInput(labels));
    Sentence s = c.element();
    EncodeOutcome out;
    try {
      out = enc.encode(s);
    } catch (RuntimeException e) {
      out =
          new EncodeOutcome(List.of(), EncodeCounts.deadLetter(), ENCODE_ERROR, String.valueOf(e));
    }
    if (out.ok()) {
      out.windows().forEach(c::output);
    } else {
      c.output(
          deadLetters,
          DeadLetters.ofRecord(
              STAGE, s.getId(), render(s), out.reason(), out.detail(), s.getLang()));
      rejected.inc();
    }
    EncodeCounts n = out.counts();
    c.output(counts, KV.of(KV.of(s.getLang(), s.getSplit()), n));
    sentences.inc(n.getSentences());
    windows.inc(n.getWindows());
    subwords.inc(n.getSubwords());
    truncatedWords.inc(n.getTruncatedWords());
    emptyWords.inc(n.getEmptyWords());
    unkPieces.inc(n.getUnkPieces());
    mappedTags.inc(n.getMappedTags());
  }

  private SentenceEncoder encoder(SubwordTokenizer t, LabelVocabulary l) {
    if (encoder == null || encoder.tokenizer() != t || !encoder.labels().equals(l)) {
      encoder = new SentenceEncoder(t, l, options);
    }
    return encoder;
  }

  /** The sentence as {@code token<TAB>tag} lines (a missing side left empty). */
  static String render(Sentence s) {
    StringBuilder sb = new StringBuilder();
    int n = Math.max(s.getTokens().size(), s.getTags().size());
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(i < s.getTokens().size() ? s.getTokens().get(i) : "");
      sb.append('\t');
      sb.append(i < s.getTags().size() ? s.getTags().get(i) : "");
    }
    return sb.toString();
  }

  @Teardown
  public void teardown() {
    encoder = null;
    if (handle != null) {
      handle.close();
    }
  }
}
