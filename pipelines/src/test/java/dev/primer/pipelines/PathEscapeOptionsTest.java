package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.UserError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each option value that becomes a directory name is refused when it would leave the stage
 * directory: one clear line, exit status 2, nothing written to the run.
 */
class PathEscapeOptionsTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private void assertRefused(String expected, String stage, String... flags) throws Exception {
    Map<String, Long> before = files();
    List<String> args = new ArrayList<>(List.of(stage, "--runRoot=" + temp.resolve("runs")));
    args.add("--runId=r");
    args.addAll(List.of(flags));
    err.reset();
    int status =
        new Primer(
                StageRegistry.standard(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .execute(args.toArray(String[]::new));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, status, message);
    assertEquals(1, message.strip().lines().count(), message);
    assertTrue(message.contains(expected), message);
    assertTrue(message.contains("cannot name a directory"), message);
    assertEquals(before, files(), "nothing written");
  }

  private Map<String, Long> files() throws Exception {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(temp)) {
      // The lease's guard file (LocalLeaseStore) is the launcher's, not the stage's.
      for (Path p :
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().equals("_LEASE.json.lock"))
              .toList()) {
        files.put(temp.relativize(p).toString(), Files.size(p));
      }
    }
    return files;
  }

  /** encode (sw, de) and vocab manifests, labels, tokenizer with [PAD]. */
  private void upstream() throws Exception {
    Path run = temp.resolve("runs/r");
    Files.createDirectories(run.resolve("encode"));
    Files.createDirectories(run.resolve("vocab"));
    Files.writeString(
        run.resolve("encode/_MANIFEST.json"),
        "{\"stage\":\"encode\",\"cacheKey\":\"e\",\"options\":{\"maxLength\":64},"
            + "\"counts\":{\"languages\":{"
            + "\"sw\":{\"train\":{\"sentences\":5},\"dev\":{\"sentences\":2}},"
            + "\"de\":{\"train\":{\"sentences\":5},\"dev\":{\"sentences\":2}}}}}");
    Files.writeString(
        run.resolve("encode/labels.json"),
        "{\"types\":[\"PER\"],\"labels\":[\"O\",\"B-PER\",\"I-PER\"]}");
    Files.writeString(
        run.resolve("vocab/_MANIFEST.json"), "{\"stage\":\"vocab\",\"cacheKey\":\"v\"}");
    Files.writeString(
        run.resolve("vocab/tokenizer.json"),
        "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[PAD]\":0,\"[UNK]\":1,\"[CLS]\":2,"
            + "\"[SEP]\":3,\"[MASK]\":4,\"a\":5}}}");
  }

  @Test
  void finetuneSettingAndTargetLanguage() throws Exception {
    upstream();
    assertRefused("--settings: '../x'", "finetune", "--settings=../x");
    assertRefused("--targetLangs: '../../x'", "finetune", "--targetLangs=../../x");
  }

  @Test
  void evaluateCorpusNameAndSplit() throws Exception {
    upstream();
    assertRefused("--evalSplits: '../x'", "evaluate", "--evalSplits=../x");
    assertRefused(
        "--corpora: '..'",
        "evaluate",
        "--runCorpus=false",
        "--corpora=..=" + temp.resolve("runs/r/encode"));
  }

  @Test
  void predictAdapterLanguage() throws Exception {
    upstream();
    Files.writeString(temp.resolve("in.txt"), "Juma alienda Nairobi.\n");
    assertRefused(
        "--adapters: '../x'",
        "predict",
        "--predictInput=lang=sw:" + temp.resolve("in.txt"),
        "--adapters=../x=" + temp.resolve("runs/r/finetune/tasks/sw"));
  }

  @Test
  void episodeLanguages() {
    UserError error =
        assertThrows(UserError.class, () -> EpisodesPlan.languages("--sourceLangs", "en,../x"));
    assertTrue(error.getMessage().startsWith("--sourceLangs: '../x' cannot name a directory"));
    assertEquals(List.of("en", "de"), EpisodesPlan.languages("--sourceLangs", "en,de")); // control
  }
}
