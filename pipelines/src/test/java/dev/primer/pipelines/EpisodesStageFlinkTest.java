package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.episodes.EpisodeFiles;
import dev.primer.io.Manifest;
import dev.primer.schemas.Episode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code episodes} stage on an embedded Flink cluster with two parallel subtasks draws exactly
 * the episodes the DirectRunner draws from the same encode output.
 */
class EpisodesStageFlinkTest {

  @TempDir Path temp;

  private static int primer(List<String> args, ByteArrayOutputStream err) {
    return new Primer(
            StageRegistry.standard(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args.toArray(String[]::new));
  }

  @Test
  void flinkAndDirectRunnerDrawTheSameEpisodes() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> encode = new ArrayList<>(List.of("run"));
    encode.addAll(DemoWorkflow.stageVocabEncode(temp, "r"));
    assertEquals(0, primer(encode, err), err.toString(StandardCharsets.UTF_8));

    List<String> episodes =
        List.of(
            "episodes",
            "--runRoot=" + temp.resolve("runs"),
            "--runId=r",
            "--targetLangs=sw",
            "--episodes=50",
            "--supportSize=6",
            "--querySize=6",
            "--langSampling=size",
            "--episodesPerFile=16");
    List<String> onFlink = new ArrayList<>(episodes);
    onFlink.addAll(List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));
    assertEquals(0, primer(onFlink, err), err.toString(StandardCharsets.UTF_8));
    Path run = temp.resolve("runs/r");
    Manifest manifest = Manifest.fromJson(Files.readString(run.resolve("episodes/_MANIFEST.json")));
    assertEquals("FlinkRunner", manifest.versions.get("runner"));
    List<Episode> flink = EpisodeFiles.readAll(run.resolve("episodes/episodes").toString());
    assertEquals(50, flink.size());

    List<String> onDirect = new ArrayList<>(episodes);
    onDirect.add("--force=true");
    assertEquals(0, primer(onDirect, err), err.toString(StandardCharsets.UTF_8));
    List<Episode> direct = EpisodeFiles.readAll(run.resolve("episodes/episodes").toString());
    assertEquals(direct, flink);
    assertEquals(4, EpisodeFiles.files(run.resolve("episodes/episodes").toString()).size());
  }
}
