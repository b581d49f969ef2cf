package dev.primer.io;

import dev.primer.schemas.DeadLetter;

/** Builds {@link DeadLetter} records with the conventions every stage shares. */
public final class DeadLetters {

  /** Longest raw text kept in a dead letter; longer inputs are cut and marked. */
  public static final int MAX_RAW_CHARS = 4096;

  private DeadLetters() {}

  /**
   * A dead letter for input that has a line position in a file.
   *
   * @param stage the stage that rejected the input
   * @param source URI of the input file
   * @param line 1-based line number, or -1
   * @param byteOffset 0-based byte offset of the line in the decompressed input, or -1
   * @param raw the offending text
   * @param reason machine-readable reason code
   * @param detail human-readable explanation
   * @param lang language when known, else null
   */
  public static DeadLetter of(
      String stage,
      String source,
      long line,
      long byteOffset,
      String raw,
      String reason,
      String detail,
      String lang) {
    return DeadLetter.newBuilder()
        .setStage(stage)
        .setSource(source)
        .setLine(line)
        .setByteOffset(byteOffset)
        .setRaw(truncate(raw))
        .setReason(reason)
        .setDetail(detail)
        .setLang(lang)
        .build();
  }

  /** A dead letter for a record that has no line position (e.g. an upstream Avro record). */
  public static DeadLetter ofRecord(
      String stage, String recordId, String raw, String reason, String detail, String lang) {
    return of(stage, recordId, -1, -1, raw, reason, detail, lang);
  }

  static String truncate(String raw) {
    if (raw == null) {
      return "";
    }
    if (raw.length() <= MAX_RAW_CHARS) {
      return raw;
    }
    return raw.substring(0, MAX_RAW_CHARS) + "…[" + (raw.length() - MAX_RAW_CHARS) + " more chars]";
  }
}
