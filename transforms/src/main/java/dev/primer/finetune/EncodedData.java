package dev.primer.finetune;

import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import dev.primer.schemas.EncodedSentence;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Reads one language's split of {@code encode/encoded/} through Beam FileSystems, in a stable order
 * (sentence id, then window), with a small JVM-wide cache: the tasks of one language on a worker
 * read its data once.
 */
public final class EncodedData {

  private static final int CACHED_SPLITS = 8;

  /**
   * The stable order of encoded windows (sentence id, window, id): independent of how a runner
   * sharded the files, so that training reads its data in the same order on every run.
   */
  public static final Comparator<EncodedSentence> ORDER =
      Comparator.comparing(EncodedSentence::getSentenceId)
          .thenComparingInt(EncodedSentence::getWindow)
          .thenComparing(EncodedSentence::getId);

  private static final Map<String, List<EncodedSentence>> CACHE =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<EncodedSentence>> eldest) {
          return size() > CACHED_SPLITS;
        }
      };

  private EncodedData() {}

  /**
   * The windows of one language and split (cached per JVM; the list is unmodifiable).
   *
   * @param encodedDirectory {@code encode/encoded/}
   * @param lang language code
   * @param split {@code train}, {@code dev} or {@code test}
   * @return the windows ordered by sentence id and window; empty when there is no such partition
   */
  public static List<EncodedSentence> read(String encodedDirectory, String lang, String split)
      throws IOException {
    String glob = StageArtifacts.partitions(encodedDirectory, lang, split);
    synchronized (CACHE) {
      List<EncodedSentence> cached = CACHE.get(glob);
      if (cached != null) {
        return cached;
      }
    }
    List<EncodedSentence> out = new ArrayList<>();
    for (MatchResult.Metadata file : ResourceIO.list(glob)) {
      try (InputStream in = ResourceIO.open(file.resourceId());
          DataFileStream<EncodedSentence> records =
              new DataFileStream<>(in, new SpecificDatumReader<>(EncodedSentence.class))) {
        for (EncodedSentence s : records) {
          out.add(s);
        }
      }
    }
    List<EncodedSentence> sorted = Collections.unmodifiableList(sorted(out));
    synchronized (CACHE) {
      CACHE.put(glob, sorted);
    }
    return sorted;
  }

  /** A copy ordered by sentence id, window and id. */
  public static List<EncodedSentence> sorted(List<EncodedSentence> windows) {
    List<EncodedSentence> out = new ArrayList<>(windows);
    out.sort(ORDER);
    return out;
  }
}
