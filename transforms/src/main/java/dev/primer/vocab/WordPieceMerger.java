package dev.primer.vocab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The merge loop of WordPiece training with incremental pair counts: each merge touches only the
 * words that contain the merged pair, and an indexed max-heap (one entry per pair, keys updated in
 * place) finds the best pair in O(log n).
 *
 * <p>Words are arrays of symbol ids; -1 stands for a character outside the alphabet and never
 * pairs. Ties between equal scores go to the more frequent pair, then to the lexicographically
 * smaller (left, right), so results do not depend on input order.
 */
final class WordPieceMerger {

  /** One performed merge. */
  record Merge(String left, String right, String merged, boolean newSymbol) {}

  private final MergeScore score;
  private final long minFrequency;
  private final String prefix;

  private final List<String> symbols = new ArrayList<>();
  private final Map<String, Integer> symbolIds = new HashMap<>();
  private long[] symbolCount = new long[16];
  private final List<int[]> pairsOfSymbol = new ArrayList<>();
  private int[] pairsOfSymbolSize = new int[16];

  private final int[][] words;
  private final long[] freq;
  private final int[] wordStamp;

  private final Map<Long, Integer> pairSlot = new HashMap<>();
  private int pairs;
  private int[] left = new int[1024];
  private int[] right = new int[1024];
  private long[] pairCount = new long[1024];
  private double[] key = new double[1024];
  private int[][] occurrences = new int[1024][];
  private int[] occurrenceSize = new int[1024];
  private int[] lastWordAdded = new int[1024];
  private int[] slotStamp = new int[1024];
  private int[] heapPos = new int[1024];
  private int[] heap = new int[1024];
  private int heapSize;
  private int stamp;
  private int[] changed = new int[64];
  private int changedSize;

  WordPieceMerger(
      List<String> initialSymbols,
      int[][] words,
      long[] freq,
      MergeScore score,
      long minFrequency,
      String prefix) {
    this.score = score;
    this.minFrequency = minFrequency;
    this.prefix = prefix;
    for (String s : initialSymbols) {
      addSymbol(s);
    }
    this.words = words;
    this.freq = freq;
    this.wordStamp = new int[words.length];
    for (int w = 0; w < words.length; w++) {
      int[] word = words[w];
      for (int i = 0; i < word.length; i++) {
        if (word[i] >= 0) {
          symbolCount[word[i]] += freq[w];
        }
        if (i + 1 < word.length && word[i] >= 0 && word[i + 1] >= 0) {
          int slot = slotOf(word[i], word[i + 1]);
          pairCount[slot] += freq[w];
          addOccurrence(slot, w);
        }
      }
    }
    for (int slot = 0; slot < pairs; slot++) {
      update(slot);
    }
  }

  /** Merges until {@code maxNewSymbols} new symbols exist or no pair qualifies. */
  List<Merge> run(int maxNewSymbols) {
    List<Merge> merges = new ArrayList<>();
    int created = 0;
    while (created < maxNewSymbols && heapSize > 0) {
      Merge m = mergeBest();
      merges.add(m);
      if (m.newSymbol()) {
        created++;
      }
    }
    return merges;
  }

  private Merge mergeBest() {
    int s = heap[0];
    int a = left[s];
    int b = right[s];
    String merged = symbols.get(a) + symbols.get(b).substring(prefix.length());
    Integer existing = symbolIds.get(merged);
    int m = existing != null ? existing : addSymbol(merged);
    stamp++;
    changedSize = 0;
    int mergedOccurrences = 0;
    int[] occ = occurrences[s];
    int occSize = occurrenceSize[s];
    for (int k = 0; k < occSize; k++) {
      int w = occ[k];
      if (wordStamp[w] == stamp) {
        continue;
      }
      wordStamp[w] = stamp;
      int[] old = words[w];
      if (!containsPair(old, a, b)) {
        continue;
      }
      long f = freq[w];
      for (int i = 0; i + 1 < old.length; i++) {
        if (old[i] >= 0 && old[i + 1] >= 0) {
          int slot = slotOf(old[i], old[i + 1]);
          pairCount[slot] -= f;
          markChanged(slot);
        }
      }
      int[] out = new int[old.length];
      int n = 0;
      for (int i = 0; i < old.length; ) {
        if (i + 1 < old.length && old[i] == a && old[i + 1] == b) {
          out[n++] = m;
          symbolCount[a] -= f;
          symbolCount[b] -= f;
          symbolCount[m] += f;
          mergedOccurrences++;
          i += 2;
        } else {
          out[n++] = old[i++];
        }
      }
      int[] neu = Arrays.copyOf(out, n);
      for (int i = 0; i + 1 < neu.length; i++) {
        if (neu[i] >= 0 && neu[i + 1] >= 0) {
          int slot = slotOf(neu[i], neu[i + 1]);
          pairCount[slot] += f;
          markChanged(slot);
          if (neu[i] == m || neu[i + 1] == m) {
            addOccurrence(slot, w);
          }
        }
      }
      words[w] = neu;
    }
    if (mergedOccurrences == 0) {
      throw new IllegalStateException(
          "pair (" + symbols.get(a) + ", " + symbols.get(b) + ") has a count but no occurrence");
    }
    occurrences[s] = null;
    occurrenceSize[s] = 0;
    for (int i = 0; i < changedSize; i++) {
      update(changed[i]);
    }
    if (score == MergeScore.WORDPIECE) {
      for (int sym : new int[] {a, b, m}) {
        int[] slots = pairsOfSymbol.get(sym);
        for (int i = 0; i < pairsOfSymbolSize[sym]; i++) {
          update(slots[i]);
        }
      }
    }
    if (pairCount[s] != 0) {
      throw new IllegalStateException("merged pair still has occurrences");
    }
    return new Merge(symbols.get(a), symbols.get(b), merged, existing == null);
  }

  private void markChanged(int slot) {
    if (slotStamp[slot] == stamp) {
      return;
    }
    slotStamp[slot] = stamp;
    if (changedSize == changed.length) {
      changed = Arrays.copyOf(changed, changedSize * 2);
    }
    changed[changedSize++] = slot;
  }

  private static boolean containsPair(int[] word, int a, int b) {
    for (int i = 0; i + 1 < word.length; i++) {
      if (word[i] == a && word[i + 1] == b) {
        return true;
      }
    }
    return false;
  }

  private int addSymbol(String s) {
    int id = symbols.size();
    symbols.add(s);
    symbolIds.put(s, id);
    if (id == symbolCount.length) {
      symbolCount = Arrays.copyOf(symbolCount, id * 2);
      pairsOfSymbolSize = Arrays.copyOf(pairsOfSymbolSize, id * 2);
    }
    pairsOfSymbol.add(new int[4]);
    return id;
  }

  private int slotOf(int x, int y) {
    long k = ((long) x << 32) | (y & 0xFFFFFFFFL);
    Integer slot = pairSlot.get(k);
    if (slot != null) {
      return slot;
    }
    int s = pairs++;
    if (s == left.length) {
      int n = s * 2;
      left = Arrays.copyOf(left, n);
      right = Arrays.copyOf(right, n);
      pairCount = Arrays.copyOf(pairCount, n);
      key = Arrays.copyOf(key, n);
      occurrences = Arrays.copyOf(occurrences, n);
      occurrenceSize = Arrays.copyOf(occurrenceSize, n);
      lastWordAdded = Arrays.copyOf(lastWordAdded, n);
      slotStamp = Arrays.copyOf(slotStamp, n);
      heapPos = Arrays.copyOf(heapPos, n);
      heap = Arrays.copyOf(heap, n);
    }
    left[s] = x;
    right[s] = y;
    heapPos[s] = -1;
    lastWordAdded[s] = -1;
    slotStamp[s] = 0;
    pairSlot.put(k, s);
    addPairOfSymbol(x, s);
    if (y != x) {
      addPairOfSymbol(y, s);
    }
    return s;
  }

  private void addPairOfSymbol(int sym, int slot) {
    int[] list = pairsOfSymbol.get(sym);
    int n = pairsOfSymbolSize[sym];
    if (n == list.length) {
      list = Arrays.copyOf(list, n * 2);
      pairsOfSymbol.set(sym, list);
    }
    list[n] = slot;
    pairsOfSymbolSize[sym] = n + 1;
  }

  private void addOccurrence(int slot, int word) {
    if (lastWordAdded[slot] == word) {
      return;
    }
    lastWordAdded[slot] = word;
    int[] occ = occurrences[slot];
    int n = occurrenceSize[slot];
    if (occ == null) {
      occ = new int[4];
    } else if (n == occ.length) {
      occ = Arrays.copyOf(occ, n * 2);
    }
    occ[n] = word;
    occurrences[slot] = occ;
    occurrenceSize[slot] = n + 1;
  }

  // ---- indexed max-heap over pair slots ----

  private void update(int slot) {
    long c = pairCount[slot];
    boolean candidate = c > 0 && c >= minFrequency;
    if (!candidate) {
      if (heapPos[slot] >= 0) {
        removeAt(heapPos[slot]);
      }
      return;
    }
    key[slot] =
        score == MergeScore.FREQUENCY
            ? c
            : c / ((double) symbolCount[left[slot]] * (double) symbolCount[right[slot]]);
    if (heapPos[slot] < 0) {
      heap[heapSize] = slot;
      heapPos[slot] = heapSize;
      heapSize++;
      siftUp(heapSize - 1);
    } else {
      int p = heapPos[slot];
      siftUp(p);
      siftDown(heapPos[slot]);
    }
  }

  private boolean better(int i, int j) {
    if (key[i] != key[j]) {
      return key[i] > key[j];
    }
    if (pairCount[i] != pairCount[j]) {
      return pairCount[i] > pairCount[j];
    }
    int c = symbols.get(left[i]).compareTo(symbols.get(left[j]));
    if (c != 0) {
      return c < 0;
    }
    return symbols.get(right[i]).compareTo(symbols.get(right[j])) < 0;
  }

  private void removeAt(int p) {
    int slot = heap[p];
    heapPos[slot] = -1;
    heapSize--;
    if (p == heapSize) {
      return;
    }
    int last = heap[heapSize];
    heap[p] = last;
    heapPos[last] = p;
    siftUp(p);
    siftDown(heapPos[last]);
  }

  private void siftUp(int p) {
    int slot = heap[p];
    while (p > 0) {
      int parent = (p - 1) / 2;
      if (!better(slot, heap[parent])) {
        break;
      }
      heap[p] = heap[parent];
      heapPos[heap[p]] = p;
      p = parent;
    }
    heap[p] = slot;
    heapPos[slot] = p;
  }

  private void siftDown(int p) {
    int slot = heap[p];
    while (true) {
      int l = 2 * p + 1;
      if (l >= heapSize) {
        break;
      }
      int best = l;
      if (l + 1 < heapSize && better(heap[l + 1], heap[l])) {
        best = l + 1;
      }
      if (!better(heap[best], slot)) {
        break;
      }
      heap[p] = heap[best];
      heapPos[heap[p]] = p;
      p = best;
    }
    heap[p] = slot;
    heapPos[slot] = p;
  }
}
