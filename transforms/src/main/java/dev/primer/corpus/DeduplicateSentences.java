package dev.primer.corpus;

import dev.primer.io.SpecificAvro;
import dev.primer.schemas.Sentence;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Deduplicates sentences by id (same language, split, tokens and tags): keeps the copy with the
 * smallest (source, line) position and sets its {@code copies} to the number of copies. Ids do not
 * depend on the run, so reruns keep the same sentences. Applying it twice changes nothing.
 *
 * <p>Sentences are grouped into a fixed number of buckets by their id's hash and each bucket is
 * deduplicated in memory, rather than grouping by id: a group per sentence costs a bundle per
 * sentence on the DirectRunner (hundreds of times slower), while buckets keep any runner's work to
 * a few large groups. A bucket holds about 1/buckets of the distinct sentences in memory; raise the
 * count for corpora much larger than PAN-X (640k sentences: 32 buckets of ~20k).
 */
public final class DeduplicateSentences
    extends PTransform<PCollection<Sentence>, PCollection<Sentence>> {
  private static final long serialVersionUID = 1L;

  /** Default number of buckets. */
  public static final int DEFAULT_BUCKETS = 32;

  private final int buckets;

  /** Deduplicates with {@link #DEFAULT_BUCKETS} buckets. */
  public DeduplicateSentences() {
    this(DEFAULT_BUCKETS);
  }

  /** Deduplicates with the given number of buckets (at least 1). */
  public DeduplicateSentences(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("dedup buckets must be at least 1, got " + buckets);
    }
    this.buckets = buckets;
  }

  @Override
  public PCollection<Sentence> expand(PCollection<Sentence> sentences) {
    int bucketCount = buckets;
    return sentences
        .apply(
            "KeyByIdBucket",
            WithKeys.of((Sentence s) -> bucketOf(s.getId(), bucketCount))
                .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), SpecificAvro.coder(Sentence.class)))
        .apply("GroupBuckets", GroupByKey.create())
        .apply("KeepEarliestCopies", ParDo.of(new KeepEarliestCopiesFn()))
        .setCoder(SpecificAvro.coder(Sentence.class));
  }

  /** The bucket of a sentence id, in [0, buckets); String.hashCode is the same in every JVM. */
  static int bucketOf(String id, int buckets) {
    return Math.floorMod(id.hashCode(), buckets);
  }

  /** Deduplicates one bucket. */
  static final class KeepEarliestCopiesFn extends DoFn<KV<Integer, Iterable<Sentence>>, Sentence> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<Sentence>> bucket, OutputReceiver<Sentence> out) {
      SentenceDeduplicator deduplicator = new SentenceDeduplicator();
      for (Sentence sentence : bucket.getValue()) {
        deduplicator.add(sentence);
      }
      deduplicator.sentences().forEach(out::output);
    }
  }
}
