package dev.primer.vocab;

import dev.primer.io.ResourceIO;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The JVM-wide holder of loaded tokenizers: one native tokenizer per distinct tokenizer.json
 * content (keyed by its SHA-256), however many DoFn instances or threads use it. Callers take a
 * {@link Lease} (in {@code @Setup} or on first use) and close it (in {@code @Teardown}); the
 * tokenizer is closed when its last lease is. Files are read through Beam {@link FileSystems}
 * (local, {@code gs://}, ...) and copied to a local temporary file for DJL.
 */
public final class SharedTokenizers {

  private static final Map<String, Entry> ENTRIES = new HashMap<>();

  private SharedTokenizers() {}

  /** A use of a shared tokenizer; close it to release. */
  public static final class Lease implements AutoCloseable {
    private final String key;
    private final HfSubwordTokenizer tokenizer;
    private boolean closed;

    private Lease(String key, HfSubwordTokenizer tokenizer) {
      this.key = key;
      this.tokenizer = tokenizer;
    }

    /** The tokenizer; valid until this lease is closed. */
    public HfSubwordTokenizer tokenizer() {
      if (closed) {
        throw new IllegalStateException("lease closed");
      }
      return tokenizer;
    }

    /** The SHA-256 (hex) of the tokenizer.json content. */
    public String contentHash() {
      return key;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        release(key);
      }
    }
  }

  private static final class Entry {
    final HfSubwordTokenizer tokenizer;
    int leases;

    Entry(HfSubwordTokenizer tokenizer) {
      this.tokenizer = tokenizer;
    }
  }

  /** Leases the tokenizer stored at a Beam FileSystems path or URI. */
  public static Lease acquireUri(String uri) throws IOException {
    return acquireBytes(readAll(uri));
  }

  /** Leases the tokenizer with the given tokenizer.json text. */
  public static Lease acquireJson(String json) {
    try {
      return acquireBytes(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of distinct tokenizers currently loaded (for tests). */
  public static synchronized int loadedCount() {
    return ENTRIES.size();
  }

  static synchronized Lease acquireBytes(byte[] content) throws IOException {
    String key = ResourceIO.sha256(content);
    Entry entry = ENTRIES.get(key);
    if (entry == null) {
      entry = new Entry(loadFromTempFile(key, content));
      ENTRIES.put(key, entry);
    }
    entry.leases++;
    return new Lease(key, entry.tokenizer);
  }

  private static synchronized void release(String key) {
    Entry entry = ENTRIES.get(key);
    if (entry != null && --entry.leases == 0) {
      ENTRIES.remove(key);
      entry.tokenizer.close();
    }
  }

  private static HfSubwordTokenizer loadFromTempFile(String key, byte[] content)
      throws IOException {
    Path tmp = Files.createTempFile("primer-tokenizer-" + key.substring(0, 12) + "-", ".json");
    try {
      Files.write(tmp, content);
      return HfSubwordTokenizer.load(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Reads a whole file through Beam FileSystems. */
  public static byte[] readAll(String uri) throws IOException {
    MatchResult.Metadata meta = FileSystems.matchSingleFileSpec(uri);
    try (InputStream in = Channels.newInputStream(FileSystems.open(meta.resourceId()))) {
      return in.readAllBytes();
    }
  }
}
