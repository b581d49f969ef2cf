package dev.primer.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.Json;
import dev.primer.io.DeadLetters;
import dev.primer.schemas.DeadLetter;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one {@code predict} input file line by line (streaming, never the whole file in memory):
 * each line decoded strictly as UTF-8 ({@value #INVALID_UTF8} dead letter otherwise), JSONL lines
 * parsed ({@value #INVALID_JSON}), TSV tokens gathered into sentences. Empty lines of text and
 * JSONL inputs are passed on (the predictor rejects them with {@code EMPTY_LINE}), so that every
 * line is accounted for.
 */
public final class ReadPredictInputFn extends DoFn<FileIO.ReadableFile, InputLine> {

  /** A line that is not valid UTF-8. */
  public static final String INVALID_UTF8 = "INVALID_UTF8";

  /** A JSONL line that is not an object with string fields lang and text. */
  public static final String INVALID_JSON = "INVALID_JSON";

  /**
   * A JSONL line whose {@code lang} is not a language code ({@link PredictInput#isLanguageCode}).
   */
  public static final String INVALID_LANGUAGE = "INVALID_LANGUAGE";

  /** Lines read. */
  public static final TupleTag<InputLine> LINES = new TupleTag<>() {};

  /** Rejected lines. */
  public static final TupleTag<DeadLetter> REJECTED = new TupleTag<>() {};

  private static final ObjectMapper JSON = Json.mapper();

  private final PredictInput input;
  private final String stage;
  private final Counter lines = Metrics.counter("primer.predict", "lines_read");

  /** Reads files of {@code input} for stage {@code stage} (dead letters name it). */
  public ReadPredictInputFn(PredictInput input, String stage) {
    this.input = input;
    this.stage = stage;
  }

  @ProcessElement
  public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
      throws IOException {
    String source = file.getMetadata().resourceId().toString();
    try (InputStream raw = Channels.newInputStream(file.open());
        InputStream in =
            new BufferedInputStream(source.endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
      long number = 0;
      long offset = 0;
      List<String> tokens = new ArrayList<>();
      long sentenceLine = 1;
      long sentenceOffset = 0;
      byte[] bytes;
      while ((bytes = readLine(in)) != null) {
        number++;
        long at = offset;
        offset += bytes.length + 1;
        lines.inc();
        String text;
        try {
          text = strip(decode(bytes));
        } catch (CharacterCodingException e) {
          out.get(REJECTED)
              .output(
                  DeadLetters.of(
                      stage,
                      source,
                      number,
                      at,
                      new String(bytes, StandardCharsets.UTF_8),
                      INVALID_UTF8,
                      "the line is not valid UTF-8",
                      input.lang()));
          continue;
        }
        switch (input.format()) {
          case TEXT -> out.get(LINES).output(new InputLine(source, number, at, input.lang(), text));
          case JSONL -> json(source, number, at, text, out);
          case TSV -> {
            if (text.isBlank()) {
              if (!tokens.isEmpty()) {
                out.get(LINES)
                    .output(
                        InputLine.tokenized(
                            source, sentenceLine, sentenceOffset, input.lang(), tokens));
                tokens.clear();
              }
              sentenceLine = number + 1;
              sentenceOffset = offset;
            } else {
              tokens.add(text.split("\t", -1)[0].strip());
            }
          }
        }
      }
      if (!tokens.isEmpty()) {
        out.get(LINES)
            .output(
                InputLine.tokenized(source, sentenceLine, sentenceOffset, input.lang(), tokens));
      }
    }
  }

  private void json(String source, long number, long at, String text, MultiOutputReceiver out) {
    if (text.isBlank()) {
      out.get(LINES).output(new InputLine(source, number, at, "", text));
      return;
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null
          && node.isObject()
          && node.path("lang").isTextual()
          && !node.path("lang").asText().isBlank()
          && node.path("text").isTextual()) {
        String lang = node.path("lang").asText();
        if (!PredictInput.isLanguageCode(lang)) {
          String shown = lang.length() > 40 ? lang.substring(0, 40) + "..." : lang;
          out.get(REJECTED)
              .output(
                  DeadLetters.of(
                      stage,
                      source,
                      number,
                      at,
                      text,
                      INVALID_LANGUAGE,
                      "lang '"
                          + shown
                          + "' ("
                          + lang.length()
                          + " characters) is not a language code: 2-8 letters, then -subtags"
                          + " of letters and digits, at most "
                          + PredictInput.MAX_LANGUAGE_LENGTH
                          + " characters",
                      null));
          return;
        }
        out.get(LINES).output(new InputLine(source, number, at, lang, node.path("text").asText()));
        return;
      }
    } catch (IOException e) {
      // reported below
    }
    out.get(REJECTED)
        .output(
            DeadLetters.of(
                stage,
                source,
                number,
                at,
                text,
                INVALID_JSON,
                "expected {\"lang\": \"xx\", \"text\": \"...\"}",
                null));
  }

  private static String strip(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /** The next line without its '\n', or null at the end. */
  static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      any = true;
      if (b == '\n') {
        return line.toByteArray();
      }
      line.write(b);
    }
    return any ? line.toByteArray() : null;
  }
}
