package dev.primer.evaluate;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.finetune.BaseCheckpointCache;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.LoadOptions;
import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.learn.train.Devices;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inference models of one JVM: a base (or full) checkpoint, optionally with a PEFT-only checkpoint
 * on top, loaded once on the preferred device (GPU when present, else CPU) and kept while recently
 * used (the {@value #KEPT} most recent; an evicted model's memory is freed). Remote checkpoints are
 * copied locally once per JVM by {@link BaseCheckpointCache}. Callers use a model inside {@link
 * #use} so that eviction never frees a model in use.
 */
public final class ModelCache {

  static final int KEPT = 4;

  /** Work done with a loaded model. */
  public interface ModelWork<T> {
    T apply(CheckpointLoader.Loaded model) throws IOException;
  }

  private record Entry(NDManager manager, CheckpointLoader.Loaded loaded) {}

  private static final Map<String, Entry> MODELS =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          if (size() > KEPT) {
            eldest.getValue().manager().close();
            return true;
          }
          return false;
        }
      };

  private ModelCache() {}

  /**
   * Runs {@code work} with the model of {@code base} (+ {@code peft} when not null); one model use
   * at a time per JVM (inference takes the device anyway).
   */
  public static <T> T use(String base, String peft, ModelWork<T> work) throws IOException {
    synchronized (MODELS) {
      String key = base + "|" + (peft == null ? "" : peft);
      Entry entry = MODELS.get(key);
      if (entry == null) {
        entry = load(base, peft);
        MODELS.put(key, entry);
      }
      return work.apply(entry.loaded());
    }
  }

  private static Entry load(String base, String peft) throws IOException {
    NDManager manager = NDManager.newBaseManager(Devices.preferred());
    try {
      CheckpointStore baseStore = BaseCheckpointCache.store(base);
      CheckpointLoader.Loaded loaded =
          peft == null
              ? CheckpointLoader.load(
                  baseStore,
                  manager,
                  LoadOptions.defaults().withMaskedLm(false).withDataType(DataType.FLOAT32))
              : CheckpointLoader.loadWithPeft(
                  baseStore, BaseCheckpointCache.store(peft), manager, DataType.FLOAT32);
      if (loaded.model().numLabels() == 0) {
        throw new IllegalArgumentException(
            (peft == null ? base : peft) + " holds no token classifier: it cannot tag");
      }
      return new Entry(manager, loaded);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }
}
