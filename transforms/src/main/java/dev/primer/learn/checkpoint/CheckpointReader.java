package dev.primer.learn.checkpoint;

import dev.primer.Sha256;
import dev.primer.learn.weights.SafetensorsHeader;
import dev.primer.learn.weights.SafetensorsReader;
import dev.primer.learn.weights.StateDict;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * Reads a checkpoint written by {@link CheckpointWriter}, verifying the SHA-256 of every file and,
 * when given a {@link LoadTarget}, the config and all tensor shapes before any weight is read.
 * Every refusal is an {@link IllegalArgumentException} with one message naming the file, and the
 * tensor or config field with both values.
 */
public final class CheckpointReader {

  /** The config file name. */
  public static final String CONFIG_FILE = "config.json";

  private CheckpointReader() {}

  /** Reads only {@code checkpoint.json}. */
  public static CheckpointManifest readManifest(CheckpointStore store) throws IOException {
    if (!store.exists(CheckpointManifest.FILE)) {
      throw new IllegalArgumentException(
          store.describe(CheckpointManifest.FILE)
              + " is missing: not a checkpoint, or an incomplete one");
    }
    try (InputStream in = store.open(CheckpointManifest.FILE)) {
      return CheckpointManifest.parse(in, store.describe(CheckpointManifest.FILE));
    }
  }

  /** Reads and verifies the config ({@code config.json}) only. */
  public static CheckpointConfig readConfig(CheckpointStore store, CheckpointManifest manifest)
      throws IOException {
    byte[] bytes;
    try (InputStream in = open(store, CONFIG_FILE)) {
      bytes = in.readAllBytes();
    }
    String sha256 = Sha256.hex(bytes);
    verifyDigest(store, manifest, CONFIG_FILE, sha256, bytes.length);
    return CheckpointConfig.parse(new ByteArrayInputStream(bytes), store.describe(CONFIG_FILE));
  }

  /** Reads a checkpoint, verifying checksums only. */
  public static Checkpoint read(CheckpointStore store) throws IOException {
    return read(store, null);
  }

  /**
   * Reads a checkpoint, verifying checksums, and when {@code target} is not null the config and
   * tensor shapes against it. Tensors unknown to the target that it tolerates ({@code
   * mayBeUnexpected}) are skipped without being read.
   */
  public static Checkpoint read(CheckpointStore store, LoadTarget target) throws IOException {
    CheckpointManifest manifest = readManifest(store);
    CheckpointConfig config = readConfig(store, manifest);
    String weights = manifest.kind().weightsFile();
    if (target != null && target.config() != null) {
      try {
        config.model().requireSameArchitecture(target.config(), "checkpoint", "target model");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(store.describe(CONFIG_FILE) + ": " + e.getMessage(), e);
      }
    }
    StateDict tensors;
    try (InputStream raw = open(store, weights);
        DigestingInputStream in = new DigestingInputStream(raw)) {
      SafetensorsHeader header = SafetensorsHeader.read(in, store.describe(weights));
      Predicate<String> include = name -> true;
      if (target != null) {
        ShapeCheck.verify(header, target, store.describe(weights));
        include = target.shapes()::containsKey;
      }
      tensors = SafetensorsReader.readData(header, in, store.describe(weights), include);
      in.drain();
      verifyDigest(store, manifest, weights, in.sha256(), in.bytes());
      if (header.entries().size() != manifest.tensors()) {
        throw new IllegalArgumentException(
            store.describe(weights)
                + " holds "
                + header.entries().size()
                + " tensors, checkpoint.json says "
                + manifest.tensors());
      }
    }
    return new Checkpoint(manifest, config, tensors);
  }

  private static InputStream open(CheckpointStore store, String name) throws IOException {
    if (!store.exists(name)) {
      throw new FileNotFoundException(store.describe(name) + " is missing from the checkpoint");
    }
    return store.open(name);
  }

  private static void verifyDigest(
      CheckpointStore store, CheckpointManifest manifest, String name, String actual, long size) {
    CheckpointManifest.FileDigest expected = manifest.files().get(name);
    if (expected == null) {
      throw new IllegalArgumentException(
          store.describe(CheckpointManifest.FILE) + " lists no sha256 for " + name);
    }
    if (!actual.equals(expected.sha256()) || size != expected.bytes()) {
      throw new IllegalArgumentException(
          store.describe(name)
              + " is corrupt or was changed: sha256 "
              + actual
              + " ("
              + size
              + " bytes), checkpoint.json says "
              + expected.sha256()
              + " ("
              + expected.bytes()
              + " bytes)");
    }
  }
}
