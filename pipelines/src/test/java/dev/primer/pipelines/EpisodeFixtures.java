package dev.primer.pipelines;

import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Episode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Test stand-in for the episodes stage's output: samples episodes (support and query disjoint, one
 * language each, languages in turn) from the encode stage's train partitions and writes them as
 * {@code episodes/episodes/part-00000-of-00001.avro} with an {@code episodes/_MANIFEST.json}.
 */
final class EpisodeFixtures {

  private EpisodeFixtures() {}

  static List<EncodedSentence> train(Path run, String lang) throws IOException {
    List<EncodedSentence> out = new ArrayList<>();
    Path dir = run.resolve("encode/encoded/lang=" + lang + "/split=train");
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.avro")) {
      s.forEach(files::add);
    }
    files.sort(Comparator.naturalOrder());
    for (Path f : files) {
      try (DataFileStream<EncodedSentence> records =
          new DataFileStream<>(
              Files.newInputStream(f), new SpecificDatumReader<>(EncodedSentence.class))) {
        records.forEach(out::add);
      }
    }
    out.sort(Comparator.comparing(EncodedSentence::getId));
    return out;
  }

  /** Writes {@code count} episodes over {@code langs} and the episodes manifest. */
  static void write(Path run, List<String> langs, int count, int support, int query, long seed)
      throws IOException {
    List<List<EncodedSentence>> pools = new ArrayList<>();
    for (String lang : langs) {
      pools.add(train(run, lang));
    }
    List<Episode> episodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String lang = langs.get(i % langs.size());
      List<EncodedSentence> pool = new ArrayList<>(pools.get(i % langs.size()));
      Collections.shuffle(pool, new Random(seed * 7919 + i));
      episodes.add(
          Episode.newBuilder()
              .setId(lang + "-" + String.format("%08d", i))
              .setLang(lang)
              .setIndex(i)
              .setSeed(seed + i)
              .setSupport(new ArrayList<>(pool.subList(0, support)))
              .setQuery(new ArrayList<>(pool.subList(support, support + query)))
              .build());
    }
    Path dir = run.resolve("episodes/episodes");
    Files.createDirectories(dir);
    try (DataFileWriter<Episode> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(Episode.class))) {
      writer.create(Episode.getClassSchema(), dir.resolve("part-00000-of-00001.avro").toFile());
      for (Episode e : episodes) {
        writer.append(e);
      }
    }
    Manifest manifest = new Manifest();
    manifest.stage = "episodes";
    manifest.runId = run.getFileName().toString();
    manifest.seed = seed;
    manifest.cacheKey = "episodes-fixture-" + langs + "-" + count + "-" + seed;
    manifest.counts.put("episodes", count);
    ResourceIO.writeStringAtomically(
        ResourceIO.file(run.resolve("episodes/_MANIFEST.json").toString()), manifest.toJson());
  }
}
