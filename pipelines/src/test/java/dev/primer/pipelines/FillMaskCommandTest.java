package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.EncoderMaskedLmScorer;
import dev.primer.learn.FillMask;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code primer fill-mask} on a tiny random masked-LM checkpoint with a 14-piece vocabulary. */
class FillMaskCommandTest {

  private static final String TEXT = "Paris is the [MASK] of France.";

  @TempDir static Path temp;

  private static Path checkpoint;

  private final PrimerCall cli = new PrimerCall();

  @BeforeAll
  static void writeCheckpoint() throws Exception {
    checkpoint = temp.resolve("pretrain/checkpoint");
    EncoderConfig config =
        EncoderConfig.builder()
            .setVocabSize(14)
            .setHiddenSize(16)
            .setNumLayers(1)
            .setNumHeads(2)
            .setIntermediateSize(32)
            .setMaxPositions(32)
            .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model = EncoderModel.builder().setConfig(config).optMaskedLm().build();
      model.initialize(manager, DataType.FLOAT32);
      CheckpointSaver.saveFull(
          model, new LocalCheckpointStore(checkpoint), CheckpointKind.BASE, List.of(), Map.of());
    }
    try (InputStream in =
        FillMaskCommandTest.class.getResourceAsStream("/fill-mask/tokenizer.json")) {
      Files.createDirectories(temp.resolve("vocab"));
      Files.copy(in, temp.resolve("vocab/tokenizer.json"));
    }
    // a committed vocab stage in the layout of runs written before attempts (no attempt)
    Files.writeString(
        temp.resolve("vocab/_MANIFEST.json"), "{\"stage\":\"vocab\",\"cacheKey\":\"k\"}");
  }

  @Test
  void printsTheTopPiecesOfTheModel() throws Exception {
    // The run's vocab/tokenizer.json is found from <run>/pretrain/checkpoint.
    assertEquals(0, cli.run("fill-mask", "--weights=" + checkpoint, TEXT), cli.err());
    List<FillMask.Prediction> expected;
    try (EncoderMaskedLmScorer model = EncoderMaskedLmScorer.load(checkpoint);
        FillMask fill = FillMask.create(temp.resolve("vocab/tokenizer.json"), model)) {
      expected = fill.predict(TEXT, 5).get(0);
    }
    StringBuilder want = new StringBuilder(TEXT).append('\n');
    for (int i = 0; i < 5; i++) {
      want.append(
          String.format(
              Locale.ROOT,
              "  %d. %-20s %.4f%n",
              i + 1,
              expected.get(i).piece(),
              expected.get(i).probability()));
    }
    assertEquals(want.toString(), cli.out());

    assertEquals(
        0,
        cli.run(
            "fill-mask",
            "--weights=" + checkpoint,
            "--tokenizer=" + temp.resolve("vocab/tokenizer.json"),
            "--topK=2",
            "[MASK] is the [MASK]"),
        cli.err());
    assertEquals(1 + 2 * 3, cli.out().strip().lines().count(), cli.out());
    assertTrue(cli.out().contains("[MASK] 2:"), cli.out());
  }

  @Test
  void userErrorsAreOneLineWithStatusTwo() {
    String[][] cases = {
      {"--weights=" + temp.resolve("nope"), TEXT},
      {"--weights=" + checkpoint, "Paris is the capital of France."},
      {TEXT},
      {"--weights=" + checkpoint},
      {"--weights=" + checkpoint, "--topK=0", TEXT},
      {"--weights=" + checkpoint, "--tokenizr=x", TEXT},
      {"--weights=" + temp.resolve("vocab"), TEXT},
      {"--weights=" + temp.resolve("vocab/tokenizer.json"), TEXT},
    };
    String[] messages = {
      "--weights " + temp.resolve("nope") + ": no such file or directory",
      "the text holds no [MASK] (or <mask>) token: Paris is the capital of France.",
      "fill-mask needs --weights=PATH_OR_URI",
      "fill-mask needs a text holding [MASK]",
      "--topK must be at least 1, got 0",
      "unknown option --tokenizr",
      temp.resolve("vocab") + " holds no variables/variables.index",
      "no tokenizer.json next to " + temp.resolve("vocab/tokenizer.json"),
    };
    for (int i = 0; i < cases.length; i++) {
      String[] args = new String[cases[i].length + 1];
      args[0] = "fill-mask";
      System.arraycopy(cases[i], 0, args, 1, cases[i].length);
      assertEquals(2, cli.run(args), String.join(" ", args) + " -> " + cli.err());
      assertEquals(1, cli.err().strip().lines().count(), cli.err());
      assertTrue(cli.err().startsWith("primer fill-mask: error: "), cli.err());
      assertTrue(cli.err().contains(messages[i]), cli.err());
    }
  }
}
