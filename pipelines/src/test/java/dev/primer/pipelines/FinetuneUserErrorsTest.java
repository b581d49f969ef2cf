package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a user can make with finetune, against hand-made upstream manifests: one line, status 2,
 * no finetune manifest.
 */
class FinetuneUserErrorsTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private void assertOneLineError(String expected, String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("finetune", "--runRoot=" + temp.resolve("runs")));
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
    assertEquals(1, message.lines().filter(l -> l.startsWith("primer ")).count(), message);
    assertTrue(message.lines().noneMatch(l -> l.strip().startsWith("at ")), message);
    assertTrue(message.contains(expected), message);
    assertTrue(Files.notExists(temp.resolve("runs/r/finetune/_MANIFEST.json")));
  }

  /** encode (sw, de with train+dev; xx train only) and vocab manifests, labels, tokenizer. */
  private void upstream() throws Exception {
    Path run = temp.resolve("runs/r");
    Files.createDirectories(run.resolve("encode"));
    Files.createDirectories(run.resolve("vocab"));
    Files.writeString(
        run.resolve("encode/_MANIFEST.json"),
        "{\"stage\":\"encode\",\"cacheKey\":\"e\",\"options\":{\"maxLength\":64},"
            + "\"counts\":{\"languages\":{"
            + "\"sw\":{\"train\":{\"sentences\":5},\"dev\":{\"sentences\":2}},"
            + "\"de\":{\"train\":{\"sentences\":5},\"dev\":{\"sentences\":2}},"
            + "\"xx\":{\"train\":{\"sentences\":5}}}}}");
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
  void aTokenizerWithoutPadIsRefused() throws Exception {
    // Control: missingPretrainAndPrimeNameTheStageToRun gets past the tokenizer with [PAD].
    upstream();
    Files.writeString(
        temp.resolve("runs/r/vocab/tokenizer.json"),
        "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"<pad>\":0,\"[UNK]\":1,\"[CLS]\":2,"
            + "\"[SEP]\":3,\"[MASK]\":4,\"a\":5}}}");
    assertOneLineError("vocab/tokenizer.json has no [PAD] token");
  }

  @Test
  void finetuneBeforeEncode() throws Exception {
    assertOneLineError("'encode'");
  }

  @Test
  void missingPretrainAndPrimeNameTheStageToRun() throws Exception {
    upstream();
    assertOneLineError("'pretrain'", "--settings=unprimed");
    assertOneLineError("'prime'", "--settings=primed");
  }

  @Test
  void badTaskOptions() throws Exception {
    upstream();
    FinetuneWorkflow.writeManifest(temp.resolve("runs/r"), "pretrain");
    Path base = temp.resolve("runs/r/pretrain/checkpoint");
    FinetuneWorkflow.writeBase(config(64), base, 1);
    FinetuneWorkflow.writeManifest(temp.resolve("runs/r"), "prime");
    FinetuneWorkflow.writeBase(config(32), temp.resolve("runs/r/prime/short/checkpoint"), 1);
    assertOneLineError("'full' is not a PEFT method", "--settings=unprimed", "--methods=full");
    assertOneLineError("adapter-houlsby", "--settings=unprimed", "--methods=adapters");
    assertOneLineError("--seeds", "--settings=unprimed", "--seeds=one,two");
    assertOneLineError("xx", "--settings=unprimed", "--targetLangs=sw,xx");
    assertOneLineError("--fewShot", "--settings=unprimed", "--fewShot=-1");
    assertOneLineError("32 positions", "--settings=unprimed,short", "--targetLangs=sw");
    try (Stream<Path> files = Files.list(temp.resolve("runs/r"))) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().equals("finetune")));
    }
  }

  private static dev.primer.learn.model.EncoderConfig config(int positions) {
    return dev.primer.learn.model.EncoderConfig.builder()
        .setVocabSize(6)
        .setHiddenSize(8)
        .setNumLayers(1)
        .setNumHeads(2)
        .setIntermediateSize(16)
        .setMaxPositions(positions)
        .build();
  }
}
