package dev.primer.pipelines;

/** Turns Beam's option-parsing messages into ones that name primer's commands. */
final class BeamMessages {

  private BeamMessages() {}

  /** A one-line message for a bad flag. */
  static String optionError(String beamMessage) {
    if (beamMessage == null) {
      return "invalid options";
    }
    String message = beamMessage.replaceAll("\\s+", " ").trim();
    java.util.regex.Matcher unknown =
        java.util.regex.Pattern.compile("missing a property named '([^']+)'").matcher(message);
    if (unknown.find()) {
      String suggestion = "";
      java.util.regex.Matcher similar =
          java.util.regex.Pattern.compile("Did you mean \\[?([^\\]?]+)\\]?\\?").matcher(message);
      if (similar.find()) {
        suggestion = " (did you mean --" + similar.group(1).trim().replace("'", "") + "?)";
      }
      return "unknown option --" + unknown.group(1) + suggestion + "; see --help";
    }
    java.util.regex.Matcher badEnum =
        java.util.regex.Pattern.compile(
                "from String \"([^\"]*)\": not one of the values accepted for Enum class: \\[([^\\]]*)\\]")
            .matcher(message);
    if (badEnum.find()) {
      return "'" + badEnum.group(1) + "' is not one of: " + badEnum.group(2) + "; see --help";
    }
    return message;
  }
}
