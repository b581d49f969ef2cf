package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./primer nightly --protocol=demo} on one run root, as CI runs it: a first nightly (nothing
 * to compare), a second that reproduces it, a third with one option changed (drift, naming the
 * option and the first drifting stage, the stages before it the same), and a fourth against a
 * baseline whose checkpoint lost a byte (drift naming the file; {@code verify} agrees). Training is
 * shortened as in {@link DemoPipeline}; every nightly gets the same flags but the changed one.
 */
class NightlyCommandTest {

  @TempDir Path temp;

  private final PrimerCall cli = new PrimerCall();

  private int nightly(String... extra) {
    List<String> args = new ArrayList<>(List.of("nightly", "--protocol=demo"));
    args.add("--runRoot=" + temp.resolve("runs"));
    for (String flag : DemoPipeline.SHORT) {
      String name = flag.substring(0, flag.indexOf('=') + 1);
      if (List.of(extra).stream().noneMatch(e -> e.startsWith(name))) {
        args.add(flag);
      }
    }
    args.addAll(List.of(extra));
    return cli.run(args);
  }

  private String lastLine() {
    List<String> lines = cli.out().lines().filter(l -> !l.isBlank()).toList();
    return lines.get(lines.size() - 1);
  }

  private String runId() {
    String first = cli.out().lines().filter(l -> l.startsWith("nightly ")).findFirst().get();
    return first.substring("nightly ".length(), first.indexOf(':'));
  }

  private JsonNode drift(String runId) throws Exception {
    return Json.mapper()
        .readTree(temp.resolve("runs").resolve(runId).resolve("nightly/drift.json").toFile());
  }

  @Test
  void reproducesThenDriftsOnAChangedOptionAndOnADamagedBaselineFile() throws Exception {
    assertEquals(0, nightly(), cli.err() + cli.out());
    String first = runId();
    assertTrue(first.matches("nightly-\\d{8}"), first);
    assertTrue(lastLine().startsWith("reproduced: nothing to compare"), lastLine());

    assertEquals(0, nightly(), cli.err() + cli.out());
    String second = runId();
    assertEquals(first + "-2", second);
    assertTrue(lastLine().startsWith("reproduced: run " + second + " equals baseline " + first));
    JsonNode reproduced = drift(second);
    assertEquals("reproduced", reproduced.get("verdict").asText());
    assertTrue(reproduced.get("deterministic").asBoolean());
    assertTrue(reproduced.get("checkpointsCompared").asInt() >= 10, reproduced.toString());
    assertTrue(reproduced.get("metricsCompared").asInt() >= 16, reproduced.toString());
    List<String> history =
        Files.readAllLines(temp.resolve("runs/nightly/history.jsonl")).stream()
            .filter(l -> !l.isBlank())
            .toList();
    assertEquals(2, history.size(), history.toString());
    JsonNode record = Json.mapper().readTree(history.get(1));
    assertEquals(second, record.get("runId").asText());
    assertEquals("demo", record.get("protocol").asText());
    assertEquals("reproduced", record.get("verdict").asText());
    assertTrue(record.get("f1").size() >= 8, record.toString());
    assertTrue(record.get("gains").size() >= 2, record.toString());
    assertTrue(record.get("wallSeconds").has("finetune"), record.toString());

    assertEquals(1, nightly("--maxSteps=10"), cli.err() + cli.out());
    String third = runId();
    String line = lastLine();
    assertTrue(line.startsWith("drift: first at stage finetune"), line);
    assertTrue(line.contains("--maxSteps 12 -> 10 at finetune"), line);
    assertTrue(line.contains("baseline " + second), line);
    JsonNode drifted = drift(third);
    assertEquals("finetune", drifted.get("firstDriftingStage").asText());
    for (JsonNode stage : drifted.get("stages")) {
      if (List.of("stage", "vocab", "encode", "episodes", "pretrain", "prime")
          .contains(stage.get("stage").asText())) {
        assertEquals(0, stage.get("differences").size(), "control: " + stage);
      }
    }

    Path checkpoint = safetensorsOf(temp.resolve("runs").resolve(second), "pretrain");
    byte[] bytes = Files.readAllBytes(checkpoint);
    bytes[bytes.length - 1] ^= 1;
    Files.write(checkpoint, bytes);
    assertEquals(1, nightly("--baseline=" + second), cli.err() + cli.out());
    String fourth = runId();
    line = lastLine();
    assertTrue(line.startsWith("drift: first at stage pretrain"), line);
    assertTrue(line.contains("integrity") && line.contains(checkpoint.toString()), line);
    assertNotEquals(third, fourth);
    assertEquals(
        1, cli.run("verify", "--runRoot=" + temp.resolve("runs"), "--runId=" + second), cli.out());
    assertTrue(cli.out().contains(checkpoint.toString()), cli.out());
  }

  @Test
  void commandErrorsAreOneLineAndExit2() throws Exception {
    assertEquals(2, cli.run("nightly", "--protocol=nope", "--runRoot=" + temp));
    assertTrue(cli.err().contains("--protocol=nope"), cli.err());
    assertEquals(2, cli.run("nightly", "--protocol=demo", "--runId=x", "--runRoot=" + temp));
    assertTrue(cli.err().contains("drop --runId"), cli.err());
    assertEquals(2, cli.run("nightly", "--protocol=demo", "--baseline=none", "--runRoot=" + temp));
    assertTrue(cli.err().contains("--baseline=none"), cli.err());
    Path bad = Files.writeString(temp.resolve("bad.json"), "{\"name\": \"x\", \"stagez\": []}");
    assertEquals(2, cli.run("nightly", "--protocol=" + bad, "--runRoot=" + temp));
    assertTrue(cli.err().contains("not a valid protocol"), cli.err());
    assertEquals(1, cli.err().lines().count(), cli.err());
  }

  @Test
  void protocolFilesInJsonAndYamlReadAlike() throws Exception {
    Path json =
        Files.writeString(
            temp.resolve("p.json"),
            "{\"name\": \"mine\", \"stages\": [\"stage\", \"vocab\"], \"options\": {\"vocabMode\":"
                + " \"learn\"}, \"corpora\": [\"panx:${shared}/train-en.tsv.gz\"], \"f1Stds\": 3}");
    Path yaml =
        Files.writeString(
            temp.resolve("p.yaml"),
            "name: mine\nstages: [stage, vocab]\noptions:\n  vocabMode: learn\n"
                + "corpora:\n  - panx:${shared}/train-en.tsv.gz\nf1Stds: 3\n");
    NightlyProtocol a = NightlyProtocol.load(json.toString());
    NightlyProtocol b = NightlyProtocol.load(yaml.toString());
    assertEquals(a, b);
    assertEquals(3.0, a.f1Stds());
    assertEquals(0.0, a.f1Floor());
    assertEquals(
        List.of("--vocabMode=learn", "--corpus=panx:/data/train-en.tsv.gz"), a.flags("/data"));
    assertEquals(NightlyProtocol.DEFAULT_F1_STDS, NightlyProtocol.demo().f1Stds());
    assertTrue(NightlyProtocol.panxMini().corpora().size() == 10);
  }

  private static Path safetensorsOf(Path run, String stage) throws Exception {
    try (Stream<Path> files = Files.walk(RunFiles.committed(run, stage))) {
      return files.filter(p -> p.toString().endsWith(".safetensors")).sorted().findFirst().get();
    }
  }
}
