package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mistakes in the pretrain and prime options: one clear line, status 2, no manifest. */
class PretrainPrimeUserErrorsTest {

  @TempDir Path temp;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "pretrain --pretrainMode=bert | --pretrainMode",
        "pretrain --preset=huge | --preset",
        "pretrain --pretrainSteps=0 | --pretrainSteps",
        "pretrain --pretrainMode=import | --weights",
        "pretrain --pretrainMode=derive --weights=/no/such/dir | /no/such/dir",
        "pretrain | 'vocab'",
        "prime --primeVariants=primed,reptile | reptile",
        "prime --primeVariants=primed,primed | twice",
        "prime --method=full | --method=full",
        "prime --method=adapters | --method",
        "prime --metaOrder=second --innerOptimizer=adam | --innerOptimizer=sgd",
        "prime --metaOrder=third | --metaOrder",
        "prime --headInit=zero | --headInit",
        "prime --innerOptimizer=rmsprop | --innerOptimizer must be sgd or adam",
        "prime --metaBatch=0 | --metaBatch",
        "prime --innerLr=0 | --innerLr",
        "prime | 'vocab'"
      })
  void oneLineAndNoManifest(String command, String expected) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] words = command.trim().split(" +");
    String[] args = new String[words.length + 2];
    System.arraycopy(words, 0, args, 0, words.length);
    args[words.length] = "--runRoot=" + temp.resolve("runs");
    args[words.length + 1] = "--runId=r";
    int status =
        new Primer(
                StageRegistry.standard(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .execute(args);
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, status, message);
    assertEquals(1, message.lines().filter(l -> l.startsWith("primer ")).count(), message);
    assertTrue(message.lines().noneMatch(l -> l.strip().startsWith("at ")), message);
    assertTrue(message.contains(expected.trim()), message);
    assertFalse(Files.exists(temp.resolve("runs/r/" + words[0] + "/_MANIFEST.json")));
  }
}
