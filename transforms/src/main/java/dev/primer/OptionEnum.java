package dev.primer;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An enum that options name: its option name is how options, manifests and JSON files write a
 * constant (Jackson reads the {@link JsonValue} of this interface); its static {@code JsonCreator}
 * reads one back through {@link OptionNames#parse}.
 */
public interface OptionEnum {

  /** The option name; by default the Java name in lower case with {@code _} as {@code -}. */
  @JsonValue
  default String optionName() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
