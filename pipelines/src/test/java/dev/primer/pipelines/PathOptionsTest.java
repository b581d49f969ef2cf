package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options naming files are absolute from launch on, and recorded so. */
class PathOptionsTest {

  @TempDir Path temp;

  private static <O extends PrimerOptions> O parse(Class<O> type, String... args) {
    PipelineOptionsFactory.register(type);
    return PipelineOptionsFactory.fromArgs(args).as(type);
  }

  @Test
  void relativePathsResolveAgainstTheBaseAndUrisStay() {
    Path base = Path.of("/work/launch");
    StageCorporaOptions stage =
        parse(
            StageCorporaOptions.class,
            "--corpus=panx;lang=sw;split=train:data/sw-*.tsv",
            "--corpus=conll2002:../shared/{esp,ned}.train.gz",
            "--corpus=panx:gs://bucket/panx/*.tsv",
            "--corpus=panx:/abs/x.tsv");
    PathOptions.resolve(stage, StageCorporaOptions.class, base);
    assertEquals(
        List.of(
            "panx;lang=sw;split=train:/work/launch/data/sw-*.tsv",
            "conll2002:/work/shared/{esp,ned}.train.gz",
            "panx:gs://bucket/panx/*.tsv",
            "panx:/abs/x.tsv"),
        stage.getCorpus());

    VocabOptions vocab = parse(VocabOptions.class, "--tokenizer=models/t.json");
    PathOptions.resolve(vocab, VocabOptions.class, base);
    assertEquals("/work/launch/models/t.json", vocab.getTokenizer());

    PretrainOptions pretrain = parse(PretrainOptions.class, "--weights=./w/");
    PathOptions.resolve(pretrain, PretrainOptions.class, base);
    assertEquals("/work/launch/w/", pretrain.getWeights());

    EvaluateOptions evaluate =
        parse(
            EvaluateOptions.class,
            "--checkpoint=file:///ckpt/",
            "--corpora=other=runs/x/encode,far=gs://b/encode/");
    PathOptions.resolve(evaluate, EvaluateOptions.class, base);
    assertEquals("file:///ckpt/", evaluate.getCheckpoint());
    assertEquals("other=/work/launch/runs/x/encode,far=gs://b/encode/", evaluate.getCorpora());

    PredictOptions predict =
        parse(
            PredictOptions.class,
            "--predictInput=lang=sw:in/sw.txt,jsonl:in/*.jsonl,tsv:lang=de:in/t.tsv",
            "--adapters=sw=tasks/sw/");
    PathOptions.resolve(predict, PredictOptions.class, base);
    assertEquals(
        "lang=sw:/work/launch/in/sw.txt,jsonl:/work/launch/in/*.jsonl,tsv:lang=de:/work/launch/in/t.tsv",
        predict.getPredictInput());
    assertEquals("sw=/work/launch/tasks/sw/", predict.getAdapters());

    ExportOptions export =
        PipelineOptionsFactory.fromArgs("--exportDir=out", "--tokenizer=").as(ExportOptions.class);
    PathOptions.resolve(export, ExportOptions.class, base);
    assertEquals("/work/launch/out", export.getExportDir());
    assertEquals("", export.getTokenizer(), "an unset path stays unset");
  }

  /**
   * A launcher started in another working directory (a child JVM) reads a relative corpus spec
   * there, and records it, and the input it read, as absolute paths.
   */
  @Test
  void relativeCorpusFromAnotherWorkingDirectoryIsRecordedAbsolute() throws Exception {
    Path elsewhere = temp.resolve("elsewhere");
    Files.createDirectories(elsewhere.resolve("data"));
    Files.writeString(
        elsewhere.resolve("data/sw.tsv"), "Juma\tB-PER\nalienda\tO\n\nNairobi\tB-LOC\n");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Primer.class.getName());
    command.add("stage");
    command.add("--runRoot=runs");
    command.add("--runId=rel");
    command.add("--corpus=panx;lang=sw;split=train:data/sw.tsv");
    Process process =
        new ProcessBuilder(command)
            .directory(elsewhere.toFile())
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("child.log").toFile())
            .start();
    assertTrue(process.waitFor(3, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), Files.readString(temp.resolve("child.log")));

    JsonNode manifest =
        Json.mapper().readTree(elsewhere.resolve("runs/rel/stage/_MANIFEST.json").toFile());
    String absolute = elsewhere.toRealPath().resolve("data/sw.tsv").toString();
    assertEquals(
        "panx;lang=sw;split=train:" + absolute,
        manifest.path("options").path("corpus").get(0).asText());
    assertEquals(absolute, manifest.path("inputs").get(0).path("uri").asText());
    assertTrue(
        Files.isDirectory(
            elsewhere
                .resolve("runs/rel/stage")
                .resolve(manifest.path("attempt").asText())
                .resolve("sentences/lang=sw/split=train")),
        "the relative corpus was read");
  }
}
