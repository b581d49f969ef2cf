package dev.primer.priming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.Episode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeStreamTest {

  @TempDir Path dir;

  private String glob() {
    return dir.resolve("part-*.avro").toString();
  }

  private void writeInterleaved(int count) throws Exception {
    List<Episode> even = new ArrayList<>();
    List<Episode> odd = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      (i % 2 == 0 ? even : odd).add(EpisodeFiles.episode(i, i % 3 == 0 ? "aa" : "bb", 4, 4, 40, 5));
    }
    EpisodeFiles.write(dir.resolve("part-00000-of-00002.avro"), even);
    EpisodeFiles.write(dir.resolve("part-00001-of-00002.avro"), odd);
  }

  private static List<Long> indices(List<Episode> episodes) {
    return episodes.stream().map(Episode::getIndex).toList();
  }

  @Test
  void mergesFilesByIndexAndStartsNewPasses() throws Exception {
    writeInterleaved(6);
    try (EpisodeStream stream = EpisodeStream.open(glob(), EpisodeStream.Position.START)) {
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 0L, 1L, 2L), indices(stream.next(9)));
      assertEquals(new EpisodeStream.Position(1, 3, 9), stream.position());
    }
  }

  @Test
  void reopensExactlyWhereItStood() throws Exception {
    writeInterleaved(7);
    List<Episode> uninterrupted;
    try (EpisodeStream stream = EpisodeStream.open(glob(), EpisodeStream.Position.START)) {
      uninterrupted = stream.next(20);
    }
    List<Episode> resumed = new ArrayList<>();
    EpisodeStream.Position position = EpisodeStream.Position.START;
    for (int chunk : new int[] {3, 4, 6, 7}) {
      try (EpisodeStream stream = EpisodeStream.open(glob(), position)) {
        resumed.addAll(stream.next(chunk));
        position = stream.position();
      }
    }
    assertEquals(uninterrupted, resumed);
    assertEquals(20, position.consumed());
  }

  @Test
  void refusesUnorderedFilesDuplicatesAndEmptyInput() throws Exception {
    assertThrows(
        IllegalArgumentException.class,
        () -> EpisodeStream.open(glob(), EpisodeStream.Position.START));
    EpisodeFiles.write(dir.resolve("part-0.avro"), List.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> EpisodeStream.open(glob(), EpisodeStream.Position.START));
    EpisodeFiles.write(
        dir.resolve("part-1.avro"),
        List.of(
            EpisodeFiles.episode(3, "aa", 2, 2, 40, 5),
            EpisodeFiles.episode(1, "aa", 2, 2, 40, 5)));
    IllegalStateException unordered =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (EpisodeStream s = EpisodeStream.open(glob(), EpisodeStream.Position.START)) {
                s.next(2);
              }
            });
    assertTrue(unordered.getMessage().contains("not ordered"), unordered.getMessage());
    Files.delete(dir.resolve("part-1.avro"));
    EpisodeFiles.write(
        dir.resolve("part-1.avro"), List.of(EpisodeFiles.episode(0, "aa", 2, 2, 40, 5)));
    EpisodeFiles.write(
        dir.resolve("part-2.avro"), List.of(EpisodeFiles.episode(0, "bb", 2, 2, 40, 5)));
    assertThrows(
        IllegalStateException.class,
        () -> {
          try (EpisodeStream s = EpisodeStream.open(glob(), EpisodeStream.Position.START)) {
            s.next(2);
          }
        });
  }
}
