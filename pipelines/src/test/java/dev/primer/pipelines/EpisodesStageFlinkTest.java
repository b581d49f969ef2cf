package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.primer.episodes.EpisodeFiles;
import dev.primer.io.Manifest;
import dev.primer.schemas.Episode;
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

  private final PrimerCall cli = new PrimerCall();

  @Test
  void flinkAndDirectRunnerDrawTheSameEpisodes() throws Exception {
    List<String> encode = new ArrayList<>(List.of("run"));
    encode.addAll(DemoWorkflow.stageVocabEncode(temp, "r"));
    assertEquals(0, cli.run(encode), cli.err());

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
    onFlink.addAll(PrimerCall.FLINK);
    assertEquals(0, cli.run(onFlink), cli.err());
    Path run = temp.resolve("runs/r");
    Manifest manifest = Manifest.fromJson(Files.readString(run.resolve("episodes/_MANIFEST.json")));
    assertEquals("FlinkRunner", manifest.versions.get("runner"));
    List<Episode> flink =
        EpisodeFiles.readAll(RunFiles.committed(run, "episodes/episodes").toString());
    assertEquals(50, flink.size());

    List<String> onDirect = new ArrayList<>(episodes);
    onDirect.add("--force=true");
    assertEquals(0, cli.run(onDirect), cli.err());
    List<Episode> direct =
        EpisodeFiles.readAll(RunFiles.committed(run, "episodes/episodes").toString());
    assertEquals(direct, flink);
    assertEquals(
        4, EpisodeFiles.files(RunFiles.committed(run, "episodes/episodes").toString()).size());
  }
}
