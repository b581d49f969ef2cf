package dev.primer.priming;

import com.fasterxml.jackson.databind.JsonNode;
import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.ResourceIO;
import dev.primer.learn.CheckpointLoader;
import dev.primer.learn.CheckpointSaver;
import dev.primer.learn.checkpoint.CheckpointKind;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.model.EncoderModel;
import dev.primer.learn.train.ModelOptimizer;
import dev.primer.learn.train.OptimizerState;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic checkpoints of a priming run, {@code steps/step-NNNNNNNN/} (N = meta-steps done): the
 * whole model ({@code model.safetensors}, {@code config.json}), the outer optimizer's state ({@code
 * optimizer.safetensors}) and, in {@code checkpoint.json} (written last: a directory without it is
 * incomplete), under {@code provenance.priming}: the settings fingerprint, the step, the episode
 * stream position, the seed scheme and the optimizer file's SHA-256. Resuming restores exactly what
 * the next meta-step depends on.
 */
public final class StepCheckpoints {

  private static final Logger LOG = LoggerFactory.getLogger(StepCheckpoints.class);
  private static final Pattern STEP = Pattern.compile("step-(\\d+)/?$");

  /** The optimizer state file of a step checkpoint. */
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";

  /**
   * A complete periodic checkpoint.
   *
   * @param step meta-steps done
   * @param directory its directory
   * @param position the episode stream position after those steps
   * @param optimizerSha256 digest of {@link #OPTIMIZER_FILE}
   * @param optimizerBytes its size
   */
  public record Saved(
      long step,
      ResourceId directory,
      EpisodeStream.Position position,
      String optimizerSha256,
      long optimizerBytes) {}

  private final ResourceId steps;
  private final int keep;

  /**
   * Checkpoints below {@code steps} (a directory resource id).
   *
   * @param keep complete checkpoints kept (older ones are deleted after a new one is complete)
   */
  public StepCheckpoints(ResourceId steps, int keep) {
    this.steps = steps;
    this.keep = keep;
  }

  /** The directory of step {@code step}. */
  public ResourceId directory(long step) {
    return ResourceIO.childDirectory(steps, String.format(Locale.ROOT, "step-%08d", step));
  }

  /** Steps with a {@code checkpoint.json}, newest first. */
  List<Long> completeSteps() throws IOException {
    List<Long> out = new ArrayList<>();
    for (MatchResult.Metadata m : ResourceIO.list(steps + "step-*/" + CheckpointManifest.FILE)) {
      Matcher matcher = STEP.matcher(m.resourceId().getCurrentDirectory().toString());
      if (matcher.find()) {
        out.add(Long.parseLong(matcher.group(1)));
      }
    }
    out.sort((a, b) -> Long.compare(b, a));
    return out;
  }

  /**
   * Writes the checkpoint of step {@code step}, then deletes the complete checkpoints beyond the
   * newest {@code keep}.
   */
  public Saved write(
      long step,
      EncoderModel model,
      List<String> labels,
      ModelOptimizer optimizer,
      EpisodeStream.Position position,
      String fingerprint,
      long seed)
      throws IOException {
    ResourceId dir = directory(step);
    ResourceIO.deleteTree(dir);
    ResourceId optimizerFile = ResourceIO.child(dir, OPTIMIZER_FILE);
    MessageDigest digest = ResourceIO.sha256Digest();
    long[] bytes = new long[1];
    ResourceIO.writeAtomically(
        optimizerFile,
        out -> {
          OutputStream digesting =
              new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  digest.update(b, off, len);
                  bytes[0] += len;
                  out.write(b, off, len);
                }

                @Override
                public void write(int b) throws IOException {
                  digest.update((byte) b);
                  bytes[0]++;
                  out.write(b);
                }
              };
          OptimizerState.write(optimizer, digesting);
          digesting.flush();
        });
    String sha = ResourceIO.hex(digest);
    Map<String, Object> priming = new LinkedHashMap<>();
    priming.put("fingerprint", fingerprint);
    priming.put("step", step);
    priming.put("pass", position.pass());
    priming.put("next_index", position.nextIndex());
    priming.put("consumed", position.consumed());
    priming.put("seed", seed);
    priming.put(
        "rng", "dropout and libtorch generators reseeded from (seed, step) every meta-step");
    Map<String, Object> optimizerInfo = new LinkedHashMap<>();
    optimizerInfo.put("file", OPTIMIZER_FILE);
    optimizerInfo.put("sha256", sha);
    optimizerInfo.put("bytes", bytes[0]);
    priming.put("optimizer", optimizerInfo);
    CheckpointSaver.saveFull(
        model,
        new FileSystemsCheckpointStore(dir),
        CheckpointKind.FULL,
        labels,
        Map.of("priming", priming));
    List<Long> complete = completeSteps();
    for (int i = keep; i < complete.size(); i++) {
      ResourceIO.deleteTree(directory(complete.get(i)));
    }
    return new Saved(step, dir, position, sha, bytes[0]);
  }

  /**
   * The newest complete checkpoint written with {@code fingerprint}, or null. When the newest
   * checkpoint was written with other settings, every checkpoint (and every other file below the
   * steps directory) is deleted: they cannot be resumed.
   */
  public Saved newest(String fingerprint) throws IOException {
    List<Long> complete = completeSteps();
    if (complete.isEmpty()) {
      return null;
    }
    ResourceId dir = directory(complete.get(0));
    CheckpointManifest manifest;
    try (InputStream in = ResourceIO.open(ResourceIO.child(dir, CheckpointManifest.FILE))) {
      manifest = CheckpointManifest.parse(in, dir + CheckpointManifest.FILE);
    }
    JsonNode priming = manifest.provenance().path("priming");
    if (!fingerprint.equals(priming.path("fingerprint").asText())) {
      LOG.warn(
          "priming checkpoints in {} were written with other settings or inputs; deleting them"
              + " and starting over",
          steps);
      ResourceIO.deleteTree(steps);
      return null;
    }
    return new Saved(
        priming.path("step").asLong(),
        dir,
        new EpisodeStream.Position(
            priming.path("pass").asLong(),
            priming.path("next_index").asLong(),
            priming.path("consumed").asLong()),
        priming.path("optimizer").path("sha256").asText(),
        priming.path("optimizer").path("bytes").asLong());
  }

  /**
   * Loads a checkpoint into {@code model} (same architecture, PEFT method and labels) and its
   * optimizer state into {@code optimizer}, verifying every file's SHA-256.
   */
  public void restore(Saved saved, EncoderModel model, ModelOptimizer optimizer)
      throws IOException {
    CheckpointLoader.loadInto(model, new FileSystemsCheckpointStore(saved.directory()));
    ResourceId file = ResourceIO.child(saved.directory(), OPTIMIZER_FILE);
    byte[] content = ResourceIO.readBytes(file);
    String sha = ResourceIO.sha256(content);
    if (!sha.equals(saved.optimizerSha256()) || content.length != saved.optimizerBytes()) {
      throw new IOException(
          file
              + " is corrupt or was changed: sha256 "
              + sha
              + ", checkpoint.json says "
              + saved.optimizerSha256());
    }
    OptimizerState.read(optimizer, new java.io.ByteArrayInputStream(content), file.toString());
  }
}
