package dev.primer.priming;

import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Episode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/** Writes episode Avro files for tests, as the episodes stage lays them out. */
final class EpisodeFiles {

  private EpisodeFiles() {}

  static void write(Path file, List<Episode> episodes) throws IOException {
    try (DataFileWriter<Episode> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(Episode.class))) {
      writer.setSyncInterval(2048);
      writer.create(Episode.getClassSchema(), file.toFile());
      for (Episode e : episodes) {
        writer.append(e);
      }
    }
  }

  /** An episode of synthetic sentences (ids in [4, vocab), tag = id % labels). */
  static Episode episode(long index, String lang, int support, int query, int vocab, int labels) {
    Random random = new Random(index * 31 + lang.hashCode());
    return Episode.newBuilder()
        .setId(lang + "-" + String.format("%08d", index))
        .setLang(lang)
        .setIndex(index)
        .setSeed(index)
        .setSupport(sentences(random, lang, "s" + index, support, vocab, labels))
        .setQuery(sentences(random, lang, "q" + index, query, vocab, labels))
        .build();
  }

  private static List<EncodedSentence> sentences(
      Random random, String lang, String prefix, int count, int vocab, int labels) {
    List<EncodedSentence> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      int words = 3 + random.nextInt(6);
      List<Integer> ids = new ArrayList<>();
      List<Integer> tags = new ArrayList<>();
      List<Integer> wordIds = new ArrayList<>();
      ids.add(1);
      tags.add(-100);
      wordIds.add(-1);
      for (int w = 0; w < words; w++) {
        int id = 4 + random.nextInt(vocab - 4);
        ids.add(id);
        tags.add(id % labels);
        wordIds.add(w);
      }
      ids.add(2);
      tags.add(-100);
      wordIds.add(-1);
      String id = prefix + "-" + s;
      out.add(
          EncodedSentence.newBuilder()
              .setId(id + "#0")
              .setSentenceId(id)
              .setLang(lang)
              .setSplit("train")
              .setWindow(0)
              .setWindows(1)
              .setWordStart(0)
              .setNumWords(words)
              .setInputIds(ids)
              .setLabelIds(tags)
              .setWordIds(wordIds)
              .setLength(ids.size())
              .build());
    }
    return out;
  }
}
