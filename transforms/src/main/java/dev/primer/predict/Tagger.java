package dev.primer.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.primer.learn.data.EncodedBatch;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.FastWeights;
import dev.primer.learn.model.ModelInputs;
import dev.primer.learn.train.DeviceLocks;
import dev.primer.schemas.EncodedSentence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Batched inference for {@code predict}: windows are sorted by length and cut into batches of
 * similar lengths (little padding), each batch runs one forward pass without gradients on the
 * model's device (taking the device's lease), and every word gets the arg-max tag of its first
 * subword and that tag's softmax probability. Results come back in input order.
 */
public final class Tagger {

  /**
   * Word-level predictions of one window.
   *
   * @param tags predicted tag id per word
   * @param confidence softmax probability of that tag per word
   */
  public record WindowTags(int[] tags, double[] confidence) {}

  private Tagger() {}

  /**
   * Tags windows.
   *
   * @param model a model with a token classifier
   * @param windows windows whose label ids mark the first subword of every word (any id but -100)
   * @param batchSize windows per forward pass
   * @param padId padding id
   * @return one result per window, in input order
   */
  public static List<WindowTags> tag(
      EncoderModel model, List<EncodedSentence> windows, int batchSize, int padId) {
    Integer[] order = new Integer[windows.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        Comparator.comparingInt((Integer i) -> windows.get(i).getLength()).thenComparing(i -> i));
    WindowTags[] out = new WindowTags[windows.size()];
    FastWeights store = new FastWeights();
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      List<EncodedSentence> rows = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        rows.add(windows.get(order[k]));
      }
      EncodedBatch batch = EncodedBatch.of(rows, padId);
      long[] argMax;
      float[] probability;
      try (DeviceLocks.Lease lease = DeviceLocks.lease(model.device());
          NDScope scope = new NDScope();
          NDManager manager = model.manager().newSubManager()) {
        scope.suppressNotUsedWarning();
        ModelInputs inputs =
            model.inputs(manager, batch.inputIds(), batch.lengths(), batch.width());
        NDArray logits = model.tokenLogits(store, inputs, false);
        argMax = logits.argMax(-1).toLongArray();
        probability = logits.softmax(-1).max(new int[] {-1}).toFloatArray();
      }
      for (int r = 0; r < rows.size(); r++) {
        EncodedSentence w = rows.get(r);
        int[] tags = new int[w.getNumWords()];
        double[] confidence = new double[w.getNumWords()];
        int word = 0;
        for (int t = 0; t < w.getLength() && word < tags.length; t++) {
          if (w.getLabelIds().get(t) >= 0) {
            int at = r * batch.width() + t;
            tags[word] = (int) argMax[at];
            confidence[word] = probability[at];
            word++;
          }
        }
        if (word != tags.length) {
          throw new IllegalArgumentException(
              "window "
                  + w.getId()
                  + " marks "
                  + word
                  + " first subwords for "
                  + tags.length
                  + " words");
        }
        out[order[from + r]] = new WindowTags(tags, confidence);
      }
    }
    return List.of(out);
  }
}
