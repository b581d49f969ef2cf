package dev.primer.corpus;

import dev.primer.io.SpecificAvro;
import dev.primer.schemas.Sentence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Deduplicates the sentences of the chosen splits by id (same language, split, tokens and tags):
 * keeps the copy with the smallest (source, line) position and sets its {@code copies} to the
 * number of copies. Ids do not depend on the run, so reruns keep the same sentences. Applying it
 * twice changes nothing. Sentences of the other splits (by default dev and test, which benchmarks
 * score whole) keep every copy: in (source, line, offset) order the first keeps its id and the k-th
 * gets {@link SentenceIds#ofCopy}, so ids stay unique; their {@code copies} is 1.
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

  private static final Set<String> ALL_SPLITS =
      Set.of(CorpusNames.TRAIN, CorpusNames.DEV, CorpusNames.TEST);

  private final int buckets;
  private final Set<String> splits;

  /** Deduplicates every split with {@link #DEFAULT_BUCKETS} buckets. */
  public DeduplicateSentences() {
    this(DEFAULT_BUCKETS, ALL_SPLITS);
  }

  /** Deduplicates every split with the given number of buckets (at least 1). */
  public DeduplicateSentences(int buckets) {
    this(buckets, ALL_SPLITS);
  }

  /** Deduplicates only {@code splits}, with the given number of buckets (at least 1). */
  public DeduplicateSentences(int buckets, Set<String> splits) {
    if (buckets < 1) {
      throw new IllegalArgumentException("dedup buckets must be at least 1, got " + buckets);
    }
    this.buckets = buckets;
    this.splits = Set.copyOf(splits);
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
        .apply("KeepEarliestCopies", ParDo.of(new KeepEarliestCopiesFn(splits)))
        .setCoder(SpecificAvro.coder(Sentence.class));
  }

  /** The bucket of a sentence id, in [0, buckets); String.hashCode is the same in every JVM. */
  static int bucketOf(String id, int buckets) {
    return Math.floorMod(id.hashCode(), buckets);
  }

  /** Deduplicates the sentences of the chosen splits in one bucket; numbers the others' copies. */
  static final class KeepEarliestCopiesFn extends DoFn<KV<Integer, Iterable<Sentence>>, Sentence> {
    private static final long serialVersionUID = 1L;

    private final Set<String> splits;

    KeepEarliestCopiesFn(Set<String> splits) {
      this.splits = splits;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<Sentence>> bucket, OutputReceiver<Sentence> out) {
      SentenceDeduplicator deduplicator = new SentenceDeduplicator();
      Map<String, List<Sentence>> whole = new HashMap<>();
      for (Sentence sentence : bucket.getValue()) {
        if (splits.contains(sentence.getSplit())) {
          deduplicator.add(sentence);
        } else {
          whole.computeIfAbsent(sentence.getId(), id -> new ArrayList<>()).add(sentence);
        }
      }
      deduplicator.sentences().forEach(out::output);
      for (List<Sentence> copies : whole.values()) {
        copies.sort(Comparator.comparing(Sentence::getPosition, KeepEarliestCopyFn.POSITION_ORDER));
        for (int k = 0; k < copies.size(); k++) {
          Sentence copy = copies.get(k);
          out.output(
              k == 0
                  ? copy
                  : Sentence.newBuilder(copy).setId(SentenceIds.ofCopy(copy.getId(), k)).build());
        }
      }
    }
  }
}
