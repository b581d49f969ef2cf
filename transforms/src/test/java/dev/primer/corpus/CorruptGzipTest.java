package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A gzip file that cannot be decoded to its end, trailer included, contributes no sentence: one
 * {@code UNREADABLE_FILE} dead letter with the offsets where decoding failed. Each case has the
 * intact file as its control.
 */
class CorruptGzipTest {

  private static final int SENTENCES = 3000;

  private static byte[] text() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < SENTENCES; i++) {
      sb.append("Jimbo").append(i).append("\tB-PER\nSkikda\tB-LOC\n\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static CollectingSink parse(byte[] data) {
    return Fixtures.parseBytes(CorpusFormat.PANX, data, StageSettings.defaults());
  }

  private static DeadLetter onlyUnreadable(CollectingSink out) {
    assertEquals(0, out.sentences().size(), "sentences of a damaged file");
    assertEquals(1, out.deadLetters().size());
    DeadLetter d = out.deadLetters().get(0);
    assertEquals(DeadLetterReason.UNREADABLE_FILE.name(), d.getReason());
    return d;
  }

  @Test
  void intactGzipKeepsEverySentence() {
    CollectingSink out = parse(Fixtures.gzip(text()));
    assertEquals(SENTENCES, out.sentences().size());
    assertEquals(0, out.deadLetters().size());
  }

  @Test
  void badTrailerCrcKeepsNothingAndNamesTheTrailerOffset() {
    byte[] gz = Fixtures.gzip(text());
    gz[gz.length - 8] ^= 0x5a;
    DeadLetter d = onlyUnreadable(parse(gz));
    assertTrue(d.getDetail().contains("CRC-32 mismatch"), d.getDetail());
    assertTrue(d.getDetail().contains("compressed byte " + (gz.length - 8)), d.getDetail());
    assertEquals(text().length, d.getByteOffset(), "every byte decompressed before the trailer");
    assertEquals(3L * SENTENCES + 1, d.getLine());
  }

  @Test
  void badTrailerSizeKeepsNothing() {
    byte[] gz = Fixtures.gzip(text());
    gz[gz.length - 1] ^= 0x01;
    assertTrue(onlyUnreadable(parse(gz)).getDetail().contains("ISIZE mismatch"));
  }

  @Test
  void truncatedTrailerKeepsNothing() {
    byte[] gz = Fixtures.gzip(text());
    DeadLetter d = onlyUnreadable(parse(Arrays.copyOf(gz, gz.length - 3)));
    assertTrue(d.getDetail().contains("truncated gzip"), d.getDetail());
  }

  @Test
  void flippedDeflateByteKeepsNothing() {
    byte[] gz = Fixtures.gzip(text());
    for (int at : new int[] {20, gz.length / 3, gz.length / 2, gz.length - 12}) {
      byte[] bad = gz.clone();
      bad[at] ^= 0x10;
      onlyUnreadable(parse(bad));
    }
  }

  @Test
  void trailingGarbageAfterTheLastMemberKeepsNothing() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(Fixtures.gzip(text()));
    bytes.write(new byte[] {0x00, 0x01, 0x02});
    DeadLetter d = onlyUnreadable(parse(bytes.toByteArray()));
    assertTrue(d.getDetail().contains("do not start a new member"), d.getDetail());
  }

  @Test
  void concatenatedMembersAreOneStream() throws IOException {
    byte[] half = Arrays.copyOf(text(), text().length / 2);
    byte[] rest = Arrays.copyOfRange(text(), half.length, text().length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(Fixtures.gzip(half));
    bytes.write(Fixtures.gzip(rest));
    CollectingSink out = parse(bytes.toByteArray());
    assertEquals(SENTENCES, out.sentences().size());
    assertEquals(0, out.deadLetters().size());
  }

  @Test
  void strictStreamDeliversExactlyTheBytesOfAnIntactFile() throws IOException {
    byte[] gz = Fixtures.gzip(text());
    try (InputStream in = new StrictGzipInputStream(new java.io.ByteArrayInputStream(gz))) {
      assertTrue(Arrays.equals(text(), in.readAllBytes()));
    }
  }
}
