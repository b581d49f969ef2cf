package dev.primer.seqeval;

import java.io.Serializable;

/**
 * One entity chunk of a tag sequence: its type and its inclusive token range, as seqeval's {@code
 * get_entities} returns it ({@code (type, start, end)}).
 *
 * @param type the entity type ({@code "_"} for a tag without a type, as in seqeval)
 * @param start index of the first token
 * @param end index of the last token (inclusive)
 */
public record EntitySpan(String type, int start, int end) implements Serializable {

  /** Validates the span. */
  public EntitySpan {
    if (type == null || start < 0 || end < start) {
      throw new IllegalArgumentException(
          "Invalid entity span: type=" + type + ", start=" + start + ", end=" + end);
    }
  }

  /** Returns whether this span and {@code other} have the same start and end. */
  public boolean sameBoundaries(EntitySpan other) {
    return start == other.start && end == other.end;
  }

  /** Returns whether this span and {@code other} share at least one token. */
  public boolean overlaps(EntitySpan other) {
    return start <= other.end && other.start <= end;
  }
}
