package dev.primer.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Checks the inputs of the {@code stage} stage before a pipeline runs, with Beam {@link
 * FileSystems} (call {@code FileSystems.setDefaultPipelineOptions(options)} first for schemes other
 * than local files). Reports, all at once: patterns that match no file, matched directories, files
 * whose split or language cannot be told, and files matched by more than one spec.
 */
public final class CorpusInputs {
  private CorpusInputs() {}

  /**
   * Matches every spec and resolves each file.
   *
   * @return the files, in spec order then match order
   * @throws IllegalArgumentException listing every problem, one per line
   * @throws IOException when a file system cannot be asked at all
   */
  public static List<CorpusFile> resolve(List<CorpusSpec> specs) throws IOException {
    List<CorpusFile> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, Integer> specOfFile = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      CorpusSpec spec = specs.get(i);
      MatchResult match = FileSystems.match(spec.pattern(), EmptyMatchTreatment.DISALLOW);
      if (match.status() == MatchResult.Status.ERROR) { // e.g. an object store's 403
        problems.add(
            "corpus spec "
                + (i + 1)
                + " '"
                + spec
                + "': cannot list '"
                + spec.pattern()
                + "': "
                + matchError(match));
        continue;
      }
      if (match.status() != MatchResult.Status.OK) {
        problems.add(
            "corpus spec "
                + (i + 1)
                + " '"
                + spec
                + "': no file matches '"
                + spec.pattern()
                + "' ("
                + match.status()
                + ")");
        continue;
      }
      for (MatchResult.Metadata metadata : match.metadata()) {
        String source = ParseCorpusFileFn.sourceUri(metadata.resourceId());
        if (metadata.resourceId().isDirectory()) {
          problems.add("corpus spec " + (i + 1) + " '" + spec + "' matches a directory: " + source);
          continue;
        }
        Integer earlier = specOfFile.putIfAbsent(source, i);
        if (earlier != null) {
          problems.add(source + " is matched by corpus specs " + (earlier + 1) + " and " + (i + 1));
          continue;
        }
        try {
          CorpusFile file = CorpusFile.resolve(spec, source);
          if (file.lang() == null) {
            checkLanguagePrefix(file, metadata);
          }
          files.add(file);
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "corpus inputs are not usable:\n  " + String.join("\n  ", problems));
    }
    return files;
  }

  /**
   * Fails when a PAN-X file of unknown language has no language prefix on its first token. A file
   * that cannot be decoded passes: the stage dead-letters it as {@code UNREADABLE_FILE}.
   */
  private static void checkLanguagePrefix(CorpusFile file, MatchResult.Metadata metadata) {
    String prefix;
    try (InputStream in =
        CorpusFileVerifier.decompressing(
            Channels.newInputStream(FileSystems.open(metadata.resourceId())))) {
      prefix = CorpusLineParser.languagePrefix(file, in);
    } catch (IOException e) {
      return;
    }
    if (prefix == null) {
      throw CorpusFile.languageUnknown(file);
    }
  }

  /**
   * The error a failed match holds and its root cause (such as an object store's "403 Forbidden"),
   * first lines only: an HTTP client's message spans several.
   */
  private static String matchError(MatchResult match) {
    try {
      match.metadata();
      return "unknown error";
    } catch (IOException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String outer = firstLine(e);
      String inner = firstLine(root);
      return root == e || outer.contains(inner) ? outer : outer + ": " + inner;
    }
  }

  private static String firstLine(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
