package dev.primer.predict;

import java.io.Serializable;
import java.util.List;

/**
 * The tags of one line, or why it could not be tagged.
 *
 * @param input the line
 * @param adapterLang the language whose adapter tagged it (differs from the line's language when
 *     the fallback adapter was used); null on failure
 * @param words its words (UTF-16 offsets into the line)
 * @param tags one BIO tag per word
 * @param entities the entity spans
 * @param windows windows the line was cut into (more than one when it exceeds the model window)
 * @param reason null on success; else a dead-letter reason
 * @param detail failure detail
 */
public record LinePrediction(
    InputLine input,
    String adapterLang,
    List<WordSegmenter.Word> words,
    List<String> tags,
    List<PredictedEntity> entities,
    int windows,
    String reason,
    String detail)
    implements Serializable {

  /** A line that goes to the dead letters. */
  public static LinePrediction failed(InputLine input, String reason, String detail) {
    return new LinePrediction(input, null, List.of(), List.of(), List.of(), 0, reason, detail);
  }

  /** Whether the line was tagged. */
  public boolean ok() {
    return reason == null;
  }
}
