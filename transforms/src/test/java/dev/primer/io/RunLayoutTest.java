package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.UserError;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLayoutTest {

  @TempDir Path temp;

  @Test
  void resolvesStageDirectoriesAndFiles() {
    RunLayout layout = new RunLayout(temp.toString(), "exp-1");
    String stageDir = layout.stageDirectory("stage").toString();
    assertTrue(stageDir.endsWith("/exp-1/stage/"), stageDir);
    assertEquals(
        temp.resolve("exp-1/stage/_MANIFEST.json").toString(), layout.manifest("stage").toString());
    assertEquals(
        temp.resolve("exp-1/encode/lang=en/split=train/x.avro").toString(),
        layout.stageFile("encode", "lang=en/split=train/x.avro").toString());
  }

  @Test
  void gcsUrisKeepTheirScheme() {
    // Registers the file systems on the class path, gs:// among them (GCP core extension).
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    RunLayout layout = new RunLayout("gs://bucket/runs", "nightly");
    assertEquals("gs://bucket/runs/nightly/vocab/", layout.stageDirectory("vocab").toString());
  }

  @Test
  void rejectsUnsafeRunIds() {
    for (String bad : new String[] {"../escape", "..", "../../x", "/abs", "", "a/b", ".hidden"}) {
      UserError e = assertThrows(UserError.class, () -> new RunLayout("runs", bad), bad);
      assertTrue(e.getMessage().contains("--runId"));
    }
    assertThrows(UserError.class, () -> new RunLayout(" ", "ok"));
    new RunLayout("runs", "exp-1.2_b");
  }

  @Test
  void aRunRootThatIsAFileIsAUserError(@TempDir Path dir) throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("file"), "x");
    UserError e =
        assertThrows(UserError.class, () -> new RunLayout(file.toString(), "r").checkRoot());
    assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    assertThrows(
        UserError.class, () -> new RunLayout(file.resolve("below").toString(), "r").checkRoot());
    new RunLayout(dir.resolve("new/runs").toString(), "r").checkRoot();
  }
}
