package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.primer.export.ExportedModels;
import dev.primer.io.ResourceIO;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.LoadOptions;
import dev.primer.learn.checkpoint.Checkpoint;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import dev.primer.learn.model.EncoderConfig;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.learn.weights.StateDict;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code primer export} on a run with three fine-tuned tasks (Houlsby, LoRA, full; made by the
 * checkpoint code as the finetune stage saves them), and {@code --weights} reading the exports back
 * (fill-mask, pretrain import).
 */
class ExportCommandTest {

  private static final List<String> LABELS = List.of("O", "B-PER", "I-PER");
  private static final String HOULSBY = "fr/unprimed/adapter-houlsby/seed=1";
  private static final String LORA = "fr/unprimed/lora/seed=1";
  private static final String FULL = "fr/unprimed/full/seed=1";

  @TempDir static Path temp;
  private static Path run;
  private static final Map<String, StateDict> MODELS = new java.util.HashMap<>();

  private final PrimerCall cli = new PrimerCall();

  @BeforeAll
  static void writeRun() throws Exception {
    run = temp.resolve("run1");
    try (InputStream in =
        ExportCommandTest.class.getResourceAsStream("/fill-mask/tokenizer.json")) {
      Files.createDirectories(run.resolve("vocab"));
      Files.copy(in, run.resolve("vocab/tokenizer.json"));
    }
    FinetuneWorkflow.writeManifest(run, "vocab");
    EncoderConfig config = FinetuneWorkflow.tinyConfig(run);
    Path base = run.resolve("pretrain/checkpoint");
    FinetuneWorkflow.writeBase(config, base, 3);
    FinetuneWorkflow.writeManifest(run, "pretrain");
    LocalCheckpointStore baseStore = new LocalCheckpointStore(base);
    CheckpointManifest baseManifest = CheckpointReader.readManifest(baseStore);
    try (NDManager manager = NDManager.newBaseManager()) {
      for (String task : List.of(HOULSBY, LORA, FULL)) {
        PeftMethod method =
            task.equals(HOULSBY) ? PeftMethod.HOULSBY : PeftMethod.fromJsonName(task.split("/")[2]);
        EncoderModel model =
            CheckpointLoader.load(
                    baseStore,
                    manager,
                    LoadOptions.defaults()
                        .withPeft(PeftConfig.builder(method).build())
                        .withNumLabels(LABELS.size())
                        .withMaskedLm(false))
                .model();
        Path dir = run.resolve("finetune/tasks").resolve(task);
        String location = method == PeftMethod.FULL ? "full/" : "peft/";
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve(location));
        if (method == PeftMethod.FULL) {
          CheckpointSaver.saveFull(model, store, CheckpointKind.FULL, LABELS, Map.of("task", task));
        } else {
          CheckpointSaver.savePeft(
              model,
              store,
              LABELS,
              Map.of("task", task),
              CheckpointManifest.BaseReference.of(baseManifest, base.toString()));
        }
        Files.writeString(
            dir.resolve("result.json"),
            "{\"task\": \"" + task + "\", \"checkpoint\": {\"location\": \"" + location + "\"}}");
        MODELS.put(task, CheckpointSaver.stateDict(model));
      }
    }
    // committed in the layout of runs written before attempts (output in the stage directory)
    FinetuneWorkflow.writeManifest(run, "finetune");
  }

  private String[] export(String... more) {
    List<String> args =
        new java.util.ArrayList<>(List.of("export", "--runRoot=" + temp, "--runId=run1"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static void assertBitEqual(StateDict expected, StateDict actual) {
    assertEquals(new TreeSet<>(expected.names()), new TreeSet<>(actual.names()));
    for (String n : expected.names()) {
      assertTrue(expected.get(n).bitEquals(actual.get(n)), n);
    }
  }

  @Test
  void exportsEveryTaskTheFormatHoldsAndSaysWhyItSkipsTheOthers() throws Exception {
    Path dir = temp.resolve("out-adapters");
    assertEquals(0, cli.run(export("--format=adapters", "--exportDir=" + dir)), cli.err());
    assertTrue(cli.out().contains("skipped " + FULL + ": "), cli.out());
    assertTrue(cli.out().contains("use --format=transformers"), cli.out());
    assertTrue(cli.out().contains("skipped " + LORA + ": "), cli.out());
    assertTrue(cli.out().contains("exported 1 of 3 tasks"), cli.out());
    Path houlsby = dir.resolve(HOULSBY);
    assertTrue(Files.isRegularFile(houlsby.resolve("adapter/adapter_config.json")));
    assertTrue(Files.isRegularFile(houlsby.resolve("base/model.safetensors")));
    assertFalse(Files.exists(dir.resolve(FULL)));
    assertBitEqual(
        MODELS.get(HOULSBY), ExportedModels.read(ResourceIO.directory(houlsby + "/")).tensors());

    Path all = temp.resolve("out-transformers");
    assertEquals(0, cli.run(export("--format=transformers", "--exportDir=" + all)), cli.err());
    assertTrue(cli.out().contains("exported 3 of 3 tasks"), cli.out());
    assertTrue(Files.isRegularFile(all.resolve(FULL).resolve("model.safetensors")));
    assertTrue(Files.isRegularFile(all.resolve(LORA).resolve("model.safetensors")), "merged");
    assertTrue(Files.isRegularFile(all.resolve(HOULSBY).resolve("adapter/adapter.safetensors")));
    assertBitEqual(
        MODELS.get(FULL),
        ExportedModels.read(ResourceIO.directory(all.resolve(FULL) + "/")).tensors());

    Path one = temp.resolve("out-peft");
    assertEquals(
        0, cli.run(export("--format=peft", "--task=" + LORA, "--exportDir=" + one)), cli.err());
    assertTrue(Files.isRegularFile(one.resolve(LORA).resolve("adapter/adapter_model.safetensors")));
    assertFalse(Files.exists(one.resolve(HOULSBY)));
    assertBitEqual(
        MODELS.get(LORA),
        ExportedModels.read(ResourceIO.directory(one.resolve(LORA) + "/")).tensors());
  }

  @Test
  void userErrorsAreOneLineWithStatusTwo() {
    String[][] cases = {
      export("--format=adapters", "--task=" + FULL, "--exportDir=" + temp.resolve("x1")),
      export("--format=onnx", "--exportDir=" + temp.resolve("x2")),
      export("--format=peft"),
      export(
          "--format=peft", "--task=de/unprimed/lora/seed=1", "--exportDir=" + temp.resolve("x3")),
      {
        "export",
        "--runRoot=" + temp,
        "--runId=none",
        "--format=peft",
        "--exportDir=" + temp.resolve("x4")
      },
      export(
          "--format=peft",
          "--checkpoint=" + temp.resolve("nowhere"),
          "--exportDir=" + temp.resolve("x5")),
    };
    String[] expected = {
      "use --format=transformers",
      "--format must be adapters, peft or transformers",
      "needs --exportDir",
      "tasks: [" + HOULSBY + ", " + FULL + ", " + LORA + "]",
      "has no fine-tuning task",
      "not a (complete) primer checkpoint",
    };
    for (int i = 0; i < cases.length; i++) {
      assertEquals(2, cli.run(cases[i]), String.join(" ", cases[i]) + "\n" + cli.out() + cli.err());
      assertEquals(1, cli.err().strip().lines().count(), cli.err());
      assertTrue(cli.err().contains(expected[i]), cli.err());
    }
    for (String x : List.of("x1", "x2", "x3", "x4", "x5")) {
      assertFalse(Files.exists(temp.resolve(x)), x);
    }
  }

  @Test
  void fillMaskGivesTheSameAnswerOnTheExportOfABase() throws Exception {
    Path base = run.resolve("pretrain/checkpoint");
    Path exported = temp.resolve("out-base");
    assertEquals(
        0,
        cli.run(
            "export", "--checkpoint=" + base, "--format=transformers", "--exportDir=" + exported),
        cli.err());
    assertTrue(Files.isRegularFile(exported.resolve("tokenizer.json")), "the run's tokenizer");
    String text = "Paris is the [MASK] of France.";
    assertEquals(0, cli.run("fill-mask", "--weights=" + base, text), cli.err());
    String original = cli.out();
    assertEquals(0, cli.run("fill-mask", "--weights=" + exported, text), cli.err());
    assertEquals(original, cli.out());
    assertEquals(5, original.strip().lines().count() - 1, original);
  }

  @Test
  void pretrainImportTakesAnExportedAdapterWithItsBase() throws Exception {
    Path exported = temp.resolve("out-pretrain-import");
    assertEquals(
        0,
        cli.run(export("--format=adapters", "--task=" + HOULSBY, "--exportDir=" + exported)),
        cli.err());
    String weights = exported.resolve(HOULSBY).toString();
    // another run, so that the base of run1's tasks stays as it is
    Path run2 = temp.resolve("run2");
    Files.createDirectories(run2.resolve("vocab"));
    Files.copy(run.resolve("vocab/tokenizer.json"), run2.resolve("vocab/tokenizer.json"));
    FinetuneWorkflow.writeManifest(run2, "vocab");
    assertEquals(
        0,
        cli.run(
            "pretrain",
            "--runRoot=" + temp,
            "--runId=run2",
            "--force",
            "--pretrainMode=import",
            "--weights=" + weights),
        cli.err());
    Checkpoint imported =
        CheckpointReader.read(
            new LocalCheckpointStore(RunFiles.committed(run2, "pretrain/checkpoint")));
    assertBitEqual(MODELS.get(HOULSBY), imported.tensors());
    assertEquals(LABELS, imported.config().labels());
    assertEquals("houlsby", imported.config().peft().get("method").asText());
  }

  @Test
  void helpListsTheOptions() {
    assertEquals(0, cli.run("export", "--help"));
    for (String option :
        List.of("--format", "--exportDir", "--task", "--checkpoint", "--tokenizer", "--runRoot")) {
      assertTrue(cli.out().contains(option), option + " in\n" + cli.out());
    }
    assertEquals(0, cli.run("--help"));
    assertTrue(cli.out().contains("export"), cli.out());
  }
}
