package dev.primer.encode;

import dev.primer.schemas.EncodedSentence;
import java.util.List;

/**
 * The result of encoding one sentence: its windows and counts, or why it could not be encoded.
 *
 * @param windows the encoded windows (empty on failure)
 * @param counts what was counted (a single dead letter on failure)
 * @param reason machine-readable failure reason, or null on success
 * @param detail human-readable failure detail, or null on success
 */
public record EncodeOutcome(
    List<EncodedSentence> windows, EncodeCounts counts, String reason, String detail) {

  /** A successful encoding. */
  static EncodeOutcome success(List<EncodedSentence> windows, EncodeCounts counts) {
    return new EncodeOutcome(List.copyOf(windows), counts, null, null);
  }

  /** A sentence that must go to the dead letters. */
  static EncodeOutcome failure(String reason, String detail) {
    return new EncodeOutcome(List.of(), EncodeCounts.deadLetter(), reason, detail);
  }

  /** Whether the sentence was encoded. */
  public boolean ok() {
    return reason == null;
  }
}
