package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceIOTest {

  @TempDir Path temp;

  @Test
  void writesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
    ResourceId dir = ResourceIO.directory(temp.toString());
    ResourceId file = ResourceIO.child(dir, "a/b/c.json");
    ResourceIO.writeStringAtomically(file, "{\"x\":1}");
    ResourceIO.writeStringAtomically(file, "{\"x\":2}");

    assertEquals("{\"x\":2}", ResourceIO.readString(file));
    try (Stream<Path> files = Files.walk(temp)) {
      assertEquals(1, files.filter(Files::isRegularFile).count());
    }
  }

  @Test
  void existsAndMissingFiles() throws IOException {
    ResourceId file = ResourceIO.file(temp.resolve("missing.txt").toString());
    assertFalse(ResourceIO.exists(file));
    assertThrows(FileNotFoundException.class, () -> ResourceIO.readBytes(file));
    Files.writeString(temp.resolve("missing.txt"), "now here");
    assertTrue(ResourceIO.exists(file));
  }

  @Test
  void sha256MatchesKnownDigest() throws IOException {
    Path path = temp.resolve("abc.txt");
    Files.writeString(path, "abc");
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ResourceIO.sha256(ResourceIO.file(path.toString())));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ResourceIO.sha256("abc".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void deleteTreeRemovesNestedFilesOnly() throws IOException {
    Files.createDirectories(temp.resolve("stage/x/y"));
    Files.writeString(temp.resolve("stage/x/y/1"), "1");
    Files.writeString(temp.resolve("stage/2"), "2");
    Files.writeString(temp.resolve("other"), "keep");

    int removed = ResourceIO.deleteTree(ResourceIO.directory(temp.resolve("stage").toString()));

    assertEquals(2, removed);
    assertTrue(Files.exists(temp.resolve("other")));
    assertFalse(Files.exists(temp.resolve("stage/2")));
  }

  @Test
  void copiesToAndFromLocal() throws IOException {
    byte[] bytes = {0, 1, 2, (byte) 0xff};
    Path source = temp.resolve("src.bin");
    Files.write(source, bytes);
    ResourceId remote = ResourceIO.file(temp.resolve("remote/dst.bin").toString());
    ResourceIO.copyFromLocal(source, remote);
    Path back = temp.resolve("back/copy.bin");
    ResourceIO.copyToLocal(remote, back);
    assertArrayEquals(bytes, Files.readAllBytes(back));
  }
}
