package dev.primer.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedTokenizersTest {

  @TempDir Path tmp;

  @Test
  void oneTokenizerPerContentReleasedWithItsLastLease() throws Exception {
    int before = SharedTokenizers.loadedCount();
    Path copy = tmp.resolve("copy.json");
    Files.copy(Fixtures.tinyTokenizer(), copy);
    try (SharedTokenizers.Lease a =
            SharedTokenizers.acquireUri(Fixtures.tinyTokenizer().toString());
        SharedTokenizers.Lease b = SharedTokenizers.acquireUri(copy.toUri().toString());
        SharedTokenizers.Lease c = SharedTokenizers.acquireJson(Fixtures.tinyTokenizerJson())) {
      assertSame(a.tokenizer(), b.tokenizer(), "same content, one native tokenizer");
      assertSame(a.tokenizer(), c.tokenizer());
      assertEquals(before + 1, SharedTokenizers.loadedCount());
      String other = Fixtures.tinyTokenizerJson().replace("\"Paris\"", "\"Parisx\"");
      try (SharedTokenizers.Lease d = SharedTokenizers.acquireJson(other)) {
        assertNotSame(a.tokenizer(), d.tokenizer());
        assertEquals(before + 2, SharedTokenizers.loadedCount());
      }
      assertEquals(before + 1, SharedTokenizers.loadedCount());
      b.close();
      b.close();
      assertThrows(IllegalStateException.class, b::tokenizer);
      assertEquals(List.of(List.of("Paris")), a.tokenizer().tokenizeToPieces(List.of("Paris")));
    }
    assertEquals(before, SharedTokenizers.loadedCount());
  }

  @Test
  void concurrentThreadsShareOneTokenizer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (SharedTokenizers.Lease lease =
        SharedTokenizers.acquireUri(Fixtures.tinyTokenizer().toString())) {
      List<Future<List<List<String>>>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(
            pool.submit(
                () -> {
                  try (SharedTokenizers.Lease mine =
                      SharedTokenizers.acquireJson(Fixtures.tinyTokenizerJson())) {
                    List<List<String>> last = null;
                    for (int k = 0; k < 200; k++) {
                      last = mine.tokenizer().tokenizeToPieces(List.of("Lindström", "東京都"));
                    }
                    return last;
                  }
                }));
      }
      for (Future<List<List<String>>> f : results) {
        assertEquals(List.of(List.of("Lin", "##ds", "##tröm"), List.of("東", "京", "都")), f.get());
      }
      assertEquals(List.of(List.of("in")), lease.tokenizer().tokenizeToPieces(List.of("in")));
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void missingFileFailsLoudly() {
    assertThrows(
        java.io.IOException.class,
        () -> SharedTokenizers.acquireUri(tmp.resolve("absent.json").toString()));
  }
}
