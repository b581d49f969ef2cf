package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.UserError;
import dev.primer.episodes.EpisodesChecks;
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

  private final PrimerCall cli = new PrimerCall();

  private void assertRefused(String expected, String stage, String... flags) throws Exception {
    Map<String, Long> before = files();
    List<String> args = new ArrayList<>(List.of(stage, "--runRoot=" + temp.resolve("runs")));
    args.add("--runId=r");
    args.addAll(List.of(flags));
    String message = cli.assertUserError(cli.run(args), expected);
    assertEquals(1, message.strip().lines().count(), message);
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
    PrimerCall.writeUpstream(temp.resolve("runs/r"));
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
        assertThrows(UserError.class, () -> EpisodesChecks.languages("--sourceLangs", "en,../x"));
    assertTrue(error.getMessage().startsWith("--sourceLangs: '../x' cannot name a directory"));
    assertEquals(
        List.of("en", "de"), EpisodesChecks.languages("--sourceLangs", "en,de")); // control
  }
}
