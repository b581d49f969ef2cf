package dev.primer.corpus;

import dev.primer.corpus.CorpusFileVerifier.Verification;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Parses one corpus file into {@link Sentence}s and {@link DeadLetter}s, with no Beam involved:
 * usable from a plain loop as well as from {@link ParseCorpusFileFn}.
 *
 * <p>The input is gzip when it starts with the gzip magic bytes (whatever its name), else plain
 * UTF-8 text. A file is read in two passes. The first reads it to its end (for gzip: every header,
 * the deflate data and every member's CRC-32/ISIZE trailer, {@link StrictGzipInputStream}) and
 * emits nothing; when it fails, the file contributes no sentence at all, only one {@code
 * UNREADABLE_FILE} dead letter whose position is the line and decompressed byte offset where
 * decoding failed (the compressed offset is in its detail). Only a file that read completely is
 * parsed in the second pass, streaming, so memory does not grow with the file. Invariant: no
 * sentence of a file that cannot be read completely and correctly reaches the sink.
 *
 * <p>In the second pass each sentence (the lines between empty lines) either passes every check and
 * becomes a {@code Sentence} (IOB-repaired and label-mapped), or becomes exactly one dead letter
 * whose position is its first offending line. Tags follow {@link IobTags#isValid(String,
 * LabelMap)}; tokens must not hold control characters. Bad input never throws; only a configuration
 * error does (a PAN-X file whose language is given by neither spec, name nor token prefix: {@link
 * IllegalArgumentException}), and a file that fails in the second pass after reading completely in
 * the first (it changed in between, or a transient I/O error): {@link UncheckedIOException}, which
 * fails the bundle so that the runner discards its output and retries it.
 *
 * <p>A sentence's position is its first token line (UNER comment lines before it are not part of
 * it); its ordinal counts every sentence of the file, rejected ones included. A dead letter's
 * position is its first offending line; {@code EMPTY_FILE} has line and offset -1.
 *
 * <p>The work is split by responsibility: {@link CorpusFileVerifier} (first pass, gzip or plain),
 * {@link CorpusLineParser} (lines and columns), {@link SentenceAssembler} (IOB2 repair, allowed
 * types, label map, ids, dead letters); this class runs the two passes.
 */
public final class CorpusFileParser {

  /** The stage name written into dead letters. */
  public static final String STAGE = "stage";

  private final CorpusFile file;
  private final StageSettings settings;

  /** A parser for one file. */
  public CorpusFileParser(CorpusFile file, StageSettings settings) {
    this.file = file;
    this.settings = settings;
  }

  /** Opens the raw (possibly compressed) bytes of a file. */
  @FunctionalInterface
  public interface Opener {
    /** Opens the stream; a failure becomes an {@code UNREADABLE_FILE} dead letter. */
    InputStream open() throws IOException;
  }

  /**
   * Reads the whole stream (and closes it), sending sentences and dead letters to {@code sink} in
   * file order. The raw (compressed) bytes are held in memory for the two passes: for small inputs
   * and tests; files go through {@link #parse(Opener, ParseSink)}.
   */
  public void parse(InputStream raw, ParseSink sink) {
    byte[] bytes;
    try (InputStream in = raw) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      new SentenceAssembler(file, settings, sink)
          .unreadable(new Verification(1, 0, -1, e), file.lang());
      return;
    }
    parse(() -> new ByteArrayInputStream(bytes), sink);
  }

  /**
   * Verifies then parses the file that {@code opener} opens (it is opened twice); failing to open
   * is a dead letter too.
   */
  public void parse(Opener opener, ParseSink sink) {
    Verification verification = CorpusFileVerifier.verify(opener);
    SentenceAssembler assembler = new SentenceAssembler(file, settings, sink);
    if (verification.failure() != null) {
      assembler.unreadable(verification, file.lang());
    } else {
      read(opener, assembler);
    }
  }

  /** The second pass: streams the lines of a file that read completely in the first. */
  private void read(Opener opener, SentenceAssembler assembler) {
    CorpusLineParser lines = new CorpusLineParser(file, settings, assembler);
    LineReader reader = null;
    try (InputStream in = CorpusFileVerifier.decompressing(opener.open())) {
      reader = new LineReader(in, settings.maxLineBytes());
      while (reader.next()) {
        lines.line(reader);
      }
      lines.finish();
      if (assembler.emitted() == 0 && lines.tokenLines() == 0) {
        assembler.deadLetter(
            -1,
            -1,
            "",
            DeadLetterReason.EMPTY_FILE,
            "the file has " + (reader.nextNumber() - 1) + " lines and none of them is a token line",
            lines.lang());
      }
    } catch (IOException e) {
      long line = reader == null ? 1 : reader.nextNumber();
      throw new UncheckedIOException(
          file.source()
              + " read completely in the verification pass but failed at line "
              + line
              + " when parsed (changed meanwhile, or an I/O error): "
              + e.getMessage(),
          e);
    }
  }
}
