package dev.primer.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.model.StateDicts;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.testing.Sentences;
import dev.primer.learn.testing.TinyModels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Trains a small tagger (dropout on, shuffled data) from a seed and prints the SHA-256 of its final
 * parameters; run in separate JVMs by {@link DeterminismTest}.
 */
public final class DeterministicRunMain {

  private DeterministicRunMain() {}

  /**
   * Entry point.
   *
   * @param args the seed
   * @throws Exception on hashing failure
   */
  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    Determinism.seed(seed);
    try (NDManager manager = NDManager.newBaseManager()) {
      EncoderModel model =
          TinyModels.tagger(manager, TinyModels.config(), PeftConfig.full(), 5, DataType.FLOAT32);
      TaggerTrainer.builder()
          .setModel(model)
          .setConfig(
              TrainingConfig.builder()
                  .setMaxSteps(12)
                  .setBatchSize(8)
                  .setLearningRate(1e-3)
                  .setWarmupRatio(0.2)
                  .setSeed(seed)
                  .setSingleThreaded(true)
                  .build())
          .optLogLabel(null)
          .build()
          .train(Sentences.synthetic(48, 40, 5, 2, 12, 9));
      System.out.println("SHA256 " + hash(StateDicts.export(model, manager)));
    }
  }

  static String hash(Map<String, NDArray> tensors) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      ByteBuffer bytes = e.getValue().toByteBuffer();
      digest.update(bytes);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
