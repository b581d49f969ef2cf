package dev.primer.encode;

/** Reading IOB2 tag strings: {@code O}, {@code B-TYPE}, {@code I-TYPE}. */
public final class IobTags {

  /** The outside tag. */
  public static final String OUTSIDE = "O";

  private IobTags() {}

  /** Whether {@code tag} is {@code O} or {@code B-}/{@code I-} followed by a valid type. */
  public static boolean isValid(String tag) {
    return OUTSIDE.equals(tag) || entityType(tag) != null;
  }

  /**
   * The entity type of a {@code B-}/{@code I-} tag, or null for {@code O} and malformed tags. A
   * type is non-empty and has no whitespace.
   */
  public static String entityType(String tag) {
    if (tag == null || tag.length() < 3 || tag.charAt(1) != '-') {
      return null;
    }
    char prefix = tag.charAt(0);
    if (prefix != 'B' && prefix != 'I') {
      return null;
    }
    String type = tag.substring(2);
    return isValidType(type) ? type : null;
  }

  /** Whether {@code type} can name an entity type. */
  public static boolean isValidType(String type) {
    if (type == null || type.isEmpty() || OUTSIDE.equals(type)) {
      return false;
    }
    return type.codePoints().noneMatch(Character::isWhitespace);
  }
}
