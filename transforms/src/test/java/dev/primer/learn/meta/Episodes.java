package dev.primer.learn.meta;

import dev.primer.learn.testing.Sentences;
import dev.primer.schemas.Episode;
import java.util.ArrayList;
import java.util.List;

/** Synthetic episodes for meta-learning tests. */
final class Episodes {

  private Episodes() {}

  /** Episode {@code index} of language {@code lang}: synthetic support and query sentences. */
  static Episode synthetic(long index, String lang, int support, int query, int vocab, int labels) {
    return Episode.newBuilder()
        .setId(lang + "-" + index)
        .setLang(lang)
        .setIndex(index)
        .setSeed(index)
        .setSupport(Sentences.synthetic(support, vocab, labels, 3, 8, 1000 + 2 * index))
        .setQuery(Sentences.synthetic(query, vocab, labels, 3, 8, 1001 + 2 * index))
        .build();
  }

  /** Episodes {@code first .. first + count - 1}, alternating two languages. */
  static List<Episode> batch(long first, int count, int vocab, int labels) {
    List<Episode> out = new ArrayList<>();
    for (long i = first; i < first + count; i++) {
      out.add(synthetic(i, i % 2 == 0 ? "aa" : "bb", 6, 6, vocab, labels));
    }
    return out;
  }
}
