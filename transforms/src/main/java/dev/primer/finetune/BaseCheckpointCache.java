package dev.primer.finetune;

import dev.primer.io.FileSystemsCheckpointStore;
import dev.primer.io.ResourceIO;
import dev.primer.learn.checkpoint.CheckpointManifest;
import dev.primer.learn.checkpoint.CheckpointReader;
import dev.primer.learn.checkpoint.CheckpointStore;
import dev.primer.learn.checkpoint.LocalCheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Base checkpoints as the tasks of one worker JVM read them: a local directory is read in place; a
 * remote one ({@code gs://}, {@code s3://}, ...) is copied once per JVM into a local temporary
 * directory (keyed by the SHA-256 of its {@code checkpoint.json}, re-checked on every use), so the
 * many tasks sharing a base download it once.
 */
public final class BaseCheckpointCache {

  private static final Pattern REMOTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Map<String, Path> COPIES = new HashMap<>();

  private BaseCheckpointCache() {}

  /**
   * A store to read the base checkpoint at {@code spec} from.
   *
   * @param spec directory path or URI of the checkpoint
   */
  public static CheckpointStore store(String spec) throws IOException {
    if (!REMOTE.matcher(spec).matches() || spec.startsWith("file:")) {
      return FileSystemsCheckpointStore.forSpec(spec);
    }
    ResourceId dir = ResourceIO.directory(spec.endsWith("/") ? spec : spec + "/");
    String sha = ResourceIO.sha256(ResourceIO.child(dir, CheckpointManifest.FILE));
    synchronized (COPIES) {
      Path local = COPIES.get(sha);
      if (local == null || !Files.isRegularFile(local.resolve(CheckpointManifest.FILE))) {
        local = copy(dir);
        COPIES.put(sha, local);
      }
      return new LocalCheckpointStore(local);
    }
  }

  private static Path copy(ResourceId dir) throws IOException {
    CheckpointStore remote = new FileSystemsCheckpointStore(dir);
    CheckpointManifest manifest = CheckpointReader.readManifest(remote);
    Path local = Files.createTempDirectory("primer-base-");
    local.toFile().deleteOnExit();
    for (String name : manifest.files().keySet()) {
      ResourceIO.copyToLocal(ResourceIO.child(dir, name), local.resolve(name));
      local.resolve(name).toFile().deleteOnExit();
    }
    // checkpoint.json last: the local copy is complete only once it is there.
    ResourceIO.copyToLocal(
        ResourceIO.child(dir, CheckpointManifest.FILE), local.resolve(CheckpointManifest.FILE));
    local.resolve(CheckpointManifest.FILE).toFile().deleteOnExit();
    return local;
  }
}
