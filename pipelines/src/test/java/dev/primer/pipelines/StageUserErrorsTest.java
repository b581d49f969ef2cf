package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes a user can make with the real stages: one clear line, status 2, no manifest. */
class StageUserErrorsTest {

  @TempDir Path temp;

  private final PrimerCall cli = new PrimerCall();

  private int primer(String... args) {
    return cli.run(args);
  }

  /** One message (a single line, or a list of the problems), no stack trace, no manifests. */
  private void assertOneLineError(int status, String expected) throws Exception {
    String message = cli.assertUserError(status, expected);
    assertTrue(message.startsWith("primer "), message);
    if (Files.exists(temp.resolve("runs"))) {
      try (var files = Files.walk(temp.resolve("runs"))) {
        assertEquals(
            preexistingManifests,
            files.filter(f -> f.getFileName().toString().equals("_MANIFEST.json")).count());
      }
    }
  }

  private long preexistingManifests;

  private String root() {
    return "--runRoot=" + temp.resolve("runs");
  }

  @Test
  void unknownFormat() throws Exception {
    Files.writeString(temp.resolve("a.tsv"), "x\tO\n");
    assertOneLineError(
        primer("stage", root(), "--runId=r", "--corpus=conll2009:" + temp.resolve("a.tsv")),
        "conll2009");
  }

  @Test
  void missingInputFile() throws Exception {
    assertOneLineError(
        primer("stage", root(), "--runId=r", "--corpus=panx:" + temp.resolve("train-xx.tsv")),
        "train-xx.tsv");
  }

  @Test
  void noCorpusAtAll() throws Exception {
    assertOneLineError(primer("stage", root(), "--runId=r"), "--corpus");
  }

  @Test
  void languageThatCannotBeDerived() throws Exception {
    Files.writeString(temp.resolve("data.tsv"), "x\tO\n");
    assertOneLineError(
        primer("stage", root(), "--runId=r", "--corpus=panx:" + temp.resolve("data.tsv")),
        "data.tsv");
  }

  @Test
  void badLabelMap() throws Exception {
    Files.writeString(temp.resolve("train-en.tsv"), "x\tO\n");
    assertOneLineError(
        primer(
            "stage",
            root(),
            "--runId=r",
            "--labelMap=PER=LOC=ORG",
            "--corpus=panx:" + temp.resolve("train-en.tsv")),
        "label");
  }

  @Test
  void badEnumValueAndUnknownFlag() throws Exception {
    assertOneLineError(primer("vocab", root(), "--runId=r", "--vocabMode=magic"), "magic");
    assertOneLineError(primer("encode", root(), "--runId=r", "--maxLenght=5"), "--maxLenght");
  }

  @Test
  void badEnumValuesNameTheirFlag() throws Exception {
    assertOneLineError(
        primer("stage", root(), "--runId=r", "--iobPolicy=fix"), "--iobPolicy must be repair");
    assertOneLineError(
        primer("vocab", root(), "--runId=r", "--mergeRule=bpe"), "--mergeRule must be wordpiece");
    assertOneLineError(
        primer("encode", root(), "--runId=r", "--unknownTags=drop"),
        "--unknownTags must be dead-letter");
    assertOneLineError(
        primer("predict", root(), "--runId=r", "--adapterMethod=adapters"),
        "--adapterMethod must be full, adapter-houlsby");
  }

  @Test
  void stageRunBeforeItsUpstream() throws Exception {
    assertOneLineError(primer("encode", root(), "--runId=r"), "'stage'");
  }

  @Test
  void pruneWithoutTokenizer() throws Exception {
    Files.createDirectories(temp.resolve("runs/r/stage"));
    Files.writeString(temp.resolve("runs/r/stage/_MANIFEST.json"), "{\"stage\":\"stage\"}");
    preexistingManifests = 1;
    assertOneLineError(primer("vocab", root(), "--runId=r", "--vocabMode=prune"), "--tokenizer");
  }
}
