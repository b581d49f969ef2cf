package dev.primer.learn.checkpoint;

import dev.primer.learn.weights.SafetensorsHeader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Compares the tensors of a checkpoint with a {@link LoadTarget}, failing with one message. */
final class ShapeCheck {

  private ShapeCheck() {}

  /**
   * Fails with an {@link IllegalArgumentException} naming the tensor and both shapes on the first
   * mismatch.
   *
   * @param source the weights file, for the message
   */
  static void verify(SafetensorsHeader header, LoadTarget target, String source) {
    Set<String> seen = new HashSet<>();
    for (SafetensorsHeader.Entry e : header.entries()) {
      seen.add(e.name());
      long[] expected = target.shapes().get(e.name());
      if (expected == null) {
        if (!target.mayBeUnexpected().test(e.name())) {
          throw new IllegalArgumentException(
              source + ": tensor " + e.name() + " is not a parameter of the target model");
        }
        continue;
      }
      if (!Arrays.equals(expected, e.shape())) {
        throw new IllegalArgumentException(
            source
                + ": tensor "
                + e.name()
                + " has shape "
                + Arrays.toString(e.shape())
                + " in the checkpoint but "
                + Arrays.toString(expected)
                + " in the target model");
      }
    }
    for (String name : target.shapes().keySet()) {
      if (!seen.contains(name) && !target.mayBeMissing().test(name)) {
        throw new IllegalArgumentException(
            source + ": parameter " + name + " of the target model is missing from the checkpoint");
      }
    }
  }
}
