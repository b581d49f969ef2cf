package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertFalse;

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
    String[] words = command.trim().split(" +");
    String[] args = new String[words.length + 2];
    System.arraycopy(words, 0, args, 0, words.length);
    args[words.length] = "--runRoot=" + temp.resolve("runs");
    args[words.length + 1] = "--runId=r";
    PrimerCall cli = new PrimerCall();
    cli.assertUserError(cli.run(args), expected.trim());
    assertFalse(Files.exists(temp.resolve("runs/r/" + words[0] + "/_MANIFEST.json")));
  }
}
