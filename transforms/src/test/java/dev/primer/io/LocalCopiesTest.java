package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalCopies}: the copy logic is the same for every scheme (it goes through Beam
 * FileSystems), so these tests drive it with local sources; the object-store tests run it on {@code
 * s3://}.
 */
class LocalCopiesTest {

  @TempDir Path temp;

  @Test
  void localSpecsAreReturnedAsTheyAre() throws IOException {
    Path file = Files.writeString(temp.resolve("w.bin"), "x");
    assertEquals(file, LocalCopies.of(file.toString()));
    assertEquals(file, LocalCopies.of(file.toUri().toString()));
    assertFalse(LocalCopies.isRemote(file.toString()));
    assertFalse(LocalCopies.isRemote(file.toUri().toString()));
    assertTrue(LocalCopies.isRemote("s3://bucket/key"));
    assertTrue(LocalCopies.isRemote("gs://bucket/key"));
  }

  @Test
  void copiesAFileUnderItsContentHashAndReusesTheEntry() throws IOException {
    Files.createDirectories(temp.resolve("src"));
    Path source = Files.writeString(temp.resolve("src/model.jar"), "abc");
    Path cache = temp.resolve("cache");
    Path copy = LocalCopies.copy(source.toString(), cache);
    assertEquals("abc", Files.readString(copy));
    assertEquals("model.jar", copy.getFileName().toString());
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        copy.getParent().getFileName().toString());
    assertEquals(copy, LocalCopies.copy(source.toString(), cache));

    Files.writeString(source, "abd");
    Path changed = LocalCopies.copy(source.toString(), cache);
    assertNotEquals(copy, changed);
    assertEquals("abd", Files.readString(changed));
    assertNoStaging(cache);
  }

  @Test
  void copiesADirectoryTreeKeyedByItsFiles() throws IOException {
    Path dir = temp.resolve("hf");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("config.json"), "{}");
    Files.writeString(dir.resolve("sub/model.safetensors"), "tensors");
    Path cache = temp.resolve("cache");
    Path copy = LocalCopies.copy(dir + "/", cache);
    assertEquals("{}", Files.readString(copy.resolve("config.json")));
    assertEquals("tensors", Files.readString(copy.resolve("sub/model.safetensors")));
    assertEquals(copy, LocalCopies.copy(dir.toString(), cache));
    assertNoStaging(cache);
    assertEquals(2, LocalCopies.remoteFiles(dir.toString()).size());
  }

  @Test
  void aMissingSourceIsNamedAndLeavesNothing() throws IOException {
    Path cache = temp.resolve("cache");
    FileNotFoundException e =
        assertThrows(
            FileNotFoundException.class,
            () -> LocalCopies.copy(temp.resolve("nothing").toString(), cache));
    assertTrue(e.getMessage().contains("nothing"), e.getMessage());
    assertNoStaging(cache);
  }

  private static void assertNoStaging(Path cache) throws IOException {
    try (Stream<Path> entries = Files.list(cache)) {
      assertTrue(
          entries.noneMatch(p -> p.getFileName().toString().startsWith(".staging-")),
          "a staging directory was left in " + cache);
    }
  }
}
