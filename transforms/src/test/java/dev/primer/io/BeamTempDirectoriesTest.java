package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeamTempDirectoriesTest {

  @TempDir Path temp;

  @Test
  void removesOnlyEmptyBeamTemporaryDirectories() throws IOException {
    Path out = temp.resolve("stage");
    Files.createDirectories(out.resolve(".temp-beam-1"));
    Files.createDirectories(out.resolve("sentences/lang=en/.temp-beam-2/.temp-beam-3"));
    Files.createDirectories(out.resolve(".temp-beam-busy"));
    Files.writeString(out.resolve(".temp-beam-busy/part-0"), "x");
    Files.createDirectories(out.resolve("empty-but-ours"));
    Files.writeString(out.resolve("sentences/lang=en/part-0.avro"), "data");

    assertEquals(3, BeamTempDirectories.removeEmpty(ResourceIO.directory(out + "/")));

    assertFalse(Files.exists(out.resolve(".temp-beam-1")));
    assertFalse(Files.exists(out.resolve("sentences/lang=en/.temp-beam-2")));
    assertTrue(Files.exists(out.resolve(".temp-beam-busy/part-0")));
    assertTrue(Files.isDirectory(out.resolve("empty-but-ours")));
    assertTrue(Files.exists(out.resolve("sentences/lang=en/part-0.avro")));
  }

  @Test
  void aMissingDirectoryIsNothingToDo() throws IOException {
    assertEquals(
        0, BeamTempDirectories.removeEmpty(ResourceIO.directory(temp.resolve("none") + "/")));
  }
}
