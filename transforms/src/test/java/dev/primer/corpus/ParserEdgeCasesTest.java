package dev.primer.corpus;

import static dev.primer.corpus.Fixtures.assertDeadLetter;
import static dev.primer.corpus.Fixtures.assertSentence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-level input problems, checked on in-memory PAN-X style input. */
class ParserEdgeCasesTest {

  private static CollectingSink parse(byte[] data) {
    return parse(data, StageSettings.defaults());
  }

  private static CollectingSink parse(byte[] data, StageSettings settings) {
    return Fixtures.parseBytes(CorpusFormat.PANX, data, settings);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void crlfLineEndsAndByteOrderMarkAreNotPartOfTheText() {
    CollectingSink out = parse(utf8("\uFEFFParis\tB-LOC\r\nis\tO\r\n\r\nJohn\tB-PER\r\n"));
    assertEquals(0, out.deadLetters().size());
    assertSentence(out.sentences().get(0), List.of("Paris", "is"), List.of("B-LOC", "O"), 1, 0);
    // BOM (3 bytes) + "Paris\tB-LOC\r\n" (13) + "is\tO\r\n" (6) + "\r\n" (2)
    assertSentence(out.sentences().get(1), List.of("John"), List.of("B-PER"), 4, 24);
  }

  @Test
  void invalidUtf8RejectsOnlyItsSentence() {
    byte[] data =
        concat(
            utf8("ok\tO\n\ncaf"),
            new byte[] {(byte) 0xe9},
            utf8("\tO\nau\tO\n\nsurrogate"),
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            utf8("\tO\n\nfin\tO\n"));
    CollectingSink out = parse(data);

    assertEquals(2, out.sentences().size());
    assertSentence(out.sentences().get(0), List.of("ok"), List.of("O"), 1, 0);
    assertSentence(out.sentences().get(1), List.of("fin"), List.of("O"), 8, 35);
    List<DeadLetter> d = out.deadLetters();
    assertEquals(2, d.size());
    assertDeadLetter(d.get(0), DeadLetterReason.UNDECODABLE_BYTES, 3, 6);
    assertEquals("caf\uFFFD\tO\nau\tO", d.get(0).getRaw());
    assertDeadLetter(d.get(1), DeadLetterReason.UNDECODABLE_BYTES, 6, 19);
  }

  @Test
  void overlongLineIsSkippedToItsEndWithoutLosingPositions() {
    String longLine = "x".repeat(100) + "\tO";
    CollectingSink out =
        parse(
            utf8("a\tO\n" + longLine + "\n\nb\tO\n"),
            StageSettings.defaults().withMaxLineBytes(32));

    assertEquals(1, out.deadLetters().size());
    DeadLetter d = out.deadLetters().get(0);
    assertDeadLetter(d, DeadLetterReason.LINE_TOO_LONG, 2, 4);
    assertTrue(d.getDetail().contains("102 bytes"), d.getDetail());
    assertEquals("a\tO\n" + "x".repeat(32), d.getRaw());
    assertSentence(out.sentences().get(0), List.of("b"), List.of("O"), 4, 4 + 103 + 1);
  }

  @Test
  void whitespaceOnlyLineInsideASentenceIsRejectedButToleratedBetweenSentences() {
    CollectingSink out = parse(utf8("a\tO\n  \t\nb\tO\n\n \nc\tO\n"));
    assertEquals(1, out.deadLetters().size());
    assertDeadLetter(out.deadLetters().get(0), DeadLetterReason.WHITESPACE_LINE, 2, 4);
    assertEquals("a\tO\n  \t\nb\tO", out.deadLetters().get(0).getRaw());
    assertSentence(out.sentences().get(0), List.of("c"), List.of("O"), 6, 15);
  }

  @Test
  void sentenceOverTheTokenCapIsRejectedAtTheFirstLinePastIt() {
    CollectingSink out =
        parse(
            utf8("a\tO\nb\tO\nc\tO\nd\tO\ne\tO\n\nf\tO\n"),
            StageSettings.defaults().withMaxTokens(3));
    assertEquals(1, out.deadLetters().size());
    assertDeadLetter(out.deadLetters().get(0), DeadLetterReason.TOO_MANY_TOKENS, 4, 12);
    assertEquals(List.of("f"), out.sentences().get(0).getTokens());
  }

  @Test
  void firstProblemDecidesAndLaterOnesAreCounted() {
    CollectingSink out = parse(utf8("a\tO\nb\tX-1\n\tO\nc\n\n"));
    DeadLetter d = out.deadLetters().get(0);
    assertDeadLetter(d, DeadLetterReason.UNKNOWN_TAG, 2, 4);
    assertTrue(d.getDetail().endsWith("(+2 more problems)"), d.getDetail());
  }

  @Test
  void fileWithoutTokenLinesIsOneEmptyFileDeadLetter() {
    CollectingSink empty = parse(new byte[0]);
    assertEquals(0, empty.sentences().size());
    assertEquals(1, empty.deadLetters().size());
    assertDeadLetter(empty.deadLetters().get(0), DeadLetterReason.EMPTY_FILE, -1, -1);

    CollectingSink docstartOnly =
        Fixtures.parseBytes(
            CorpusFormat.MASAKHANER, utf8("-DOCSTART- O\n\n\n"), StageSettings.defaults());
    assertEquals(DeadLetterReason.EMPTY_FILE.name(), docstartOnly.deadLetters().get(0).getReason());
  }

  @Test
  void gzipIsDetectedByItsMagicBytes() {
    byte[] plain = utf8("Paris\tB-LOC\nis\tO\n\nJohn\tB-PER\n");
    CollectingSink fromGzip = parse(Fixtures.gzip(plain));
    CollectingSink fromPlain = parse(plain);
    assertEquals(fromPlain.sentences(), fromGzip.sentences());
    assertEquals(2, fromGzip.sentences().size());
  }

  @Test
  void truncatedGzipContributesNoSentence() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append("w").append(i).append("\tO\nx").append(i).append("\tB-PER\n\n");
    }
    byte[] gz = Fixtures.gzip(utf8(text.toString()));
    byte[] truncated = java.util.Arrays.copyOf(gz, gz.length / 2);
    CollectingSink out = parse(truncated);

    assertEquals(5000, parse(gz).sentences().size(), "control: the intact file");
    assertEquals(0, out.sentences().size());
    assertEquals(1, out.deadLetters().size());
    DeadLetter d = out.deadLetters().get(0);
    assertEquals(DeadLetterReason.UNREADABLE_FILE.name(), d.getReason());
    assertTrue(d.getLine() > 1 && d.getByteOffset() > 0, "line " + d.getLine());
    assertTrue(d.getDetail().contains("truncated gzip"), d.getDetail());
  }

  @Test
  void corruptGzipHeaderIsOneUnreadableFileDeadLetter() {
    byte[] data = {0x1f, (byte) 0x8b, 0x00, 0x01, 0x02, 0x03};
    CollectingSink out = parse(data);
    assertEquals(0, out.sentences().size());
    assertEquals(1, out.deadLetters().size());
    assertDeadLetter(out.deadLetters().get(0), DeadLetterReason.UNREADABLE_FILE, 1, 0);
  }
}
