package dev.primer.learn.meta;

import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.peft.TrainableParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which parameters a priming variant adapts in the inner loop and updates in the outer step (see
 * {@link PrimingVariant}); every list is unmodifiable and in model order.
 *
 * @param inner what the inner loop adapts (empty for multitask)
 * @param outer what the outer step updates (with the head when it is {@link HeadInit#SHARED})
 * @param head the token-classification head's parameters
 * @param lazyRows the word-embedding table's name when its outer update is lazy (by rows): lazy
 *     embeddings are on, the outer step updates the table and the inner loop does not; else null
 */
record ParameterGroups(List<String> inner, List<String> outer, List<String> head, String lazyRows) {

  /** The word-embedding table, whose rows the outer step may update lazily. */
  static final String WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight";

  /** The groups of {@code model}'s parameters under {@code config}. */
  static ParameterGroups of(EncoderModel model, PrimingConfig config) {
    Predicate<String> peftOrHead = TrainableParameters.predicate(model.peft().method());
    List<String> head = new ArrayList<>();
    List<String> peft = new ArrayList<>();
    List<String> encoder = new ArrayList<>();
    for (String name : model.parameters().keySet()) {
      if (name.startsWith("classifier.")) {
        head.add(name);
      } else if (peftOrHead.test(name)) {
        peft.add(name);
      } else {
        encoder.add(name);
      }
    }
    Set<String> inner = new LinkedHashSet<>();
    Set<String> outer = new LinkedHashSet<>();
    switch (config.variant()) {
      case PRIMED -> {
        inner.addAll(peft);
        inner.addAll(head);
        outer.addAll(encoder);
      }
      case PRIMED_WITH_INIT -> {
        inner.addAll(peft);
        inner.addAll(head);
        outer.addAll(encoder);
        outer.addAll(peft);
      }
      case MAML_ALL -> {
        inner.addAll(model.parameters().keySet());
        outer.addAll(encoder);
        outer.addAll(peft);
      }
      case MULTITASK -> {
        outer.addAll(encoder);
        outer.addAll(peft);
      }
      default -> throw new IllegalStateException(config.variant().name());
    }
    if (config.headInit() == HeadInit.SHARED) {
      outer.addAll(head);
    }
    String lazyRows =
        config.lazyEmbeddings()
                && outer.contains(WORD_EMBEDDINGS)
                && !inner.contains(WORD_EMBEDDINGS)
            ? WORD_EMBEDDINGS
            : null;
    return new ParameterGroups(
        inModelOrder(model, inner),
        inModelOrder(model, outer),
        Collections.unmodifiableList(head),
        lazyRows);
  }

  private static List<String> inModelOrder(EncoderModel model, Set<String> names) {
    List<String> out = new ArrayList<>();
    for (String name : model.parameters().keySet()) {
      if (names.contains(name)) {
        out.add(name);
      }
    }
    return Collections.unmodifiableList(out);
  }
}
