package dev.primer.learn.meta;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.primer.OptionEnum;
import dev.primer.OptionNames;

/** How the meta-gradient treats the inner-loop updates. */
public enum MetaOrder implements OptionEnum {
  /**
   * First-order MAML: the adapted fast weights are treated as constants; the encoder gets the
   * query-loss gradient at the adapted point (and the fast-weight initialisation gets the query
   * gradient w.r.t. the adapted weights, FOMAML). Memory-stable for long runs.
   */
  FIRST,
  /**
   * Full second-order MAML: back-propagation through the inner SGD updates (Hessian-vector products
   * via libtorch's create_graph). libtorch leaks native memory with create_graph; use it for
   * verification and short runs.
   */
  SECOND;

  /**
   * The constant an option names (case-insensitive, {@code -} read as {@code _}); Beam reads the
   * option through it.
   *
   * @throws IllegalArgumentException naming the valid names
   */
  @JsonCreator
  public static MetaOrder fromOptionName(String name) {
    return OptionNames.parse(MetaOrder.class, name, "meta-gradient order");
  }
}
