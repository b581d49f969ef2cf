package dev.primer.pipelines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Every stage primer knows, in workflow order. */
final class StageRegistry {

  private static final List<Stage<?>> STAGES = List.of();

  private StageRegistry() {}

  /** All stages in workflow order. */
  static List<Stage<?>> all() {
    return Collections.unmodifiableList(new ArrayList<>(STAGES));
  }

  /** The stage with that name, if any. */
  static Optional<Stage<?>> find(String name) {
    return STAGES.stream().filter(stage -> stage.name().equals(name)).findFirst();
  }

  /** The names of all stages, comma separated, for messages. */
  static String names() {
    return String.join(", ", STAGES.stream().map(Stage::name).toList());
  }
}
