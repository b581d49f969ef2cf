package dev.primer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.io.ResourceIO;
import dev.primer.learn.peft.AdapterActivation;
import dev.primer.learn.peft.LoraTarget;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import dev.primer.vocab.HfSubwordTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of compatibility: {@code src/test/python/hf_forward.py}, an independent PyTorch forward
 * written after the transformers / AdapterHub / PEFT module definitions (it shares no code with
 * primer), reads the exported files and tags the demo's sentences; its logits must equal primer's
 * on the same subword ids to 1e-4, for full fine-tuning, Houlsby, Pfeiffer and LoRA (and BitFit and
 * merged LoRA). Skipped where {@code /usr/bin/python3} cannot import torch (Debian's {@code
 * python3-torch}; {@code .ci/run} installs it).
 */
class PythonForwardTest {

  private static final String PYTHON = "/usr/bin/python3";
  private static final Path SCRIPT = Path.of("src/test/python/hf_forward.py");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  static boolean torchAvailable() {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void independentPyTorchForwardOfEveryExportMatchesPrimersLogits() throws Exception {
    assumeTrue(torchAvailable(), PYTHON + " with torch (Debian python3-torch) is not installed");
    Map<String, PeftConfig> methods = new LinkedHashMap<>();
    methods.put("full", PeftConfig.full());
    methods.put("houlsby", PeftConfig.builder(PeftMethod.HOULSBY).setReductionFactor(8).build());
    methods.put(
        "pfeiffer",
        PeftConfig.builder(PeftMethod.PFEIFFER)
            .setReductionFactor(4)
            .setAdapterActivation(AdapterActivation.GELU)
            .build());
    methods.put(
        "lora",
        PeftConfig.builder(PeftMethod.LORA)
            .setLoraRank(4)
            .setLoraAlpha(8)
            .setLoraTargets(EnumSet.of(LoraTarget.QUERY, LoraTarget.VALUE, LoraTarget.OUTPUT))
            .build());
    methods.put("bitfit", PeftConfig.builder(PeftMethod.BITFIT).build());
    Map<String, ExportFormat> formats =
        Map.of(
            "full", ExportFormat.TRANSFORMERS,
            "houlsby", ExportFormat.ADAPTERS,
            "pfeiffer", ExportFormat.ADAPTERS,
            "lora", ExportFormat.PEFT,
            "bitfit", ExportFormat.TRANSFORMERS);
    try (NDManager manager = NDManager.newBaseManager();
        HfSubwordTokenizer tokenizer = HfSubwordTokenizer.load(ExportFixtures.TOKENIZER)) {
      ExportFixtures.Saved base =
          ExportFixtures.base(
              manager, ExportFixtures.config(tokenizer.vocabSize()), tmp.resolve("base"));
      int[][] rows = ExportFixtures.demoInputs(tokenizer, 128);
      List<Path> exports = new ArrayList<>();
      Map<String, Path> inputs = new LinkedHashMap<>();
      for (Map.Entry<String, PeftConfig> m : methods.entrySet()) {
        ExportFixtures.Saved saved =
            ExportFixtures.tagger(
                manager, base, m.getValue(), tmp.resolve(m.getKey() + "-ckpt"), 3);
        List<String> names = new ArrayList<>(List.of(m.getKey()));
        if (m.getKey().equals("lora")) {
          names.add("lora-merged");
        }
        for (String name : names) {
          ExportFormat format =
              name.equals("lora-merged") ? ExportFormat.TRANSFORMERS : formats.get(m.getKey());
          Path out = tmp.resolve("export-" + name);
          ModelExporter.export(
              ExportSource.read(
                  saved.dir().toString(),
                  ResourceIO.file(ExportFixtures.TOKENIZER.toAbsolutePath().toString())),
              format,
              ExportFixtures.dir(out));
          exports.add(out);
        }
        Path in = tmp.resolve(m.getKey() + "-inputs.json");
        writeInputs(in, rows, ExportFixtures.logits(saved.model(), rows));
        inputs.put(m.getKey(), in);
      }
      // The fault control: Pfeiffer's adapter as AdapterHub's seq_bn preset places it (after the
      // original residual + LayerNorm) must NOT match: the check sees placement differences.
      Path seqBn = tmp.resolve("export-pfeiffer-as-seq_bn");
      copyTree(tmp.resolve("export-pfeiffer"), seqBn);
      Path config = seqBn.resolve("adapter/adapter_config.json");
      Files.writeString(
          config,
          Files.readString(config)
              .replace("\"original_ln_before\" : false", "\"original_ln_before\" : true"));

      Map<String, Double> diffs = new LinkedHashMap<>();
      for (Path export : exports) {
        String name = export.getFileName().toString().substring("export-".length());
        String method = name.equals("lora-merged") ? "lora" : name;
        diffs.put(name, run(inputs.get(method), export).get(0));
      }
      double control = run(inputs.get("pfeiffer"), seqBn).get(0);
      System.out.println("max |logit difference| primer vs independent PyTorch forward: " + diffs);
      System.out.println("control (pfeiffer exported weights under seq_bn placement): " + control);
      for (Map.Entry<String, Double> d : diffs.entrySet()) {
        assertTrue(d.getValue() <= 1e-4, d.getKey() + ": max |logit diff| " + d.getValue());
      }
      assertTrue(control > 1e-2, "the placement control should differ, got " + control);
      assertEquals(6, diffs.size());
    }
  }

  private static void writeInputs(Path file, int[][] rows, float[][][] logits) throws IOException {
    int width = logits[0].length;
    ObjectNode root = JSON.createObjectNode();
    ArrayNode ids = root.putArray("input_ids");
    ArrayNode mask = root.putArray("attention_mask");
    ArrayNode out = root.putArray("logits");
    for (int b = 0; b < rows.length; b++) {
      ArrayNode idRow = ids.addArray();
      ArrayNode maskRow = mask.addArray();
      ArrayNode logitRow = out.addArray();
      for (int t = 0; t < width; t++) {
        idRow.add(t < rows[b].length ? rows[b][t] : 0);
        maskRow.add(t < rows[b].length ? 1 : 0);
        ArrayNode v = logitRow.addArray();
        for (float x : logits[b][t]) {
          v.add(x);
        }
      }
    }
    JSON.writeValue(file.toFile(), root);
  }

  /** Runs the script on one export; returns its max |logit difference|. */
  private static List<Double> run(Path inputs, Path export) throws Exception {
    Process p =
        new ProcessBuilder(PYTHON, SCRIPT.toString(), inputs.toString(), export.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, p.exitValue(), output);
    List<Double> diffs = new ArrayList<>();
    for (String line : output.strip().split("\n")) {
      if (line.startsWith("{")) {
        JsonNode n = JSON.readTree(line);
        assertTrue(n.get("tokens").asInt() > 100, line);
        diffs.add(n.get("max_abs_diff").asDouble());
      }
    }
    assertEquals(1, diffs.size(), output);
    return diffs;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
