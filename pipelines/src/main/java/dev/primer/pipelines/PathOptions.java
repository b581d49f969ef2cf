package dev.primer.pipelines;

import dev.primer.corpus.CorpusSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Resolves every option that names a file or directory to an absolute location at launch, before a
 * pipeline is built: a relative local path is resolved against the launcher's working directory
 * (workers of a cluster have another one), a URI with a scheme ({@code gs://}, {@code file:}) is
 * kept as it is. The options then carry, and the manifest records, the absolute location.
 *
 * <p>The options: {@code --corpus} (the PATTERN of each {@code FORMAT[;k=v]*:PATTERN} spec), {@code
 * --tokenizer}, {@code --weights}, {@code --checkpoint}, {@code --exportDir}, {@code --corpora}
 * ({@code NAME=PATH,...}), {@code --predictInput} (the PATTERN of each {@code lang=xx:}, {@code
 * jsonl:} or {@code tsv:lang=xx:} spec) and {@code --adapters} ({@code lang=DIR,...}). The run root
 * is left as given: it locates the run rather than an input, and manifests name upstream outputs by
 * their resolved URIs anyway.
 */
final class PathOptions {

  private enum Kind {
    /** A path or URI. */
    PATH,
    /** A list of corpus specs {@code FORMAT[;k=v]*:PATTERN}. */
    CORPUS_SPECS,
    /** Comma-separated predict inputs {@code lang=xx:P}, {@code jsonl:P}, {@code tsv:lang=xx:P}. */
    PREDICT_INPUTS,
    /** Comma-separated {@code NAME=PATH}. */
    NAMED_PATHS
  }

  private static final Map<String, Kind> OPTIONS =
      Map.of(
          "corpus", Kind.CORPUS_SPECS,
          "tokenizer", Kind.PATH,
          "weights", Kind.PATH,
          "checkpoint", Kind.PATH,
          "exportDir", Kind.PATH,
          "corpora", Kind.NAMED_PATHS,
          "predictInput", Kind.PREDICT_INPUTS,
          "adapters", Kind.NAMED_PATHS);

  /** A URI scheme of two or more characters (so that {@code C:} is no scheme). */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");

  private PathOptions() {}

  /**
   * Resolves the path options of {@code iface} in {@code options} against the working directory.
   */
  static void resolve(PipelineOptions options, Class<? extends PipelineOptions> iface) {
    resolve(options, iface, Path.of("").toAbsolutePath());
  }

  /** Resolves the path options of {@code iface} in {@code options} against {@code base}. */
  static void resolve(PipelineOptions options, Class<? extends PipelineOptions> iface, Path base) {
    PipelineOptions view = options.as(iface);
    for (Map.Entry<String, Kind> option : OPTIONS.entrySet()) {
      String property =
          Character.toUpperCase(option.getKey().charAt(0)) + option.getKey().substring(1);
      Method getter;
      try {
        getter = iface.getMethod("get" + property);
      } catch (NoSuchMethodException e) {
        continue;
      }
      try {
        Object value = getter.invoke(view);
        if (value == null) {
          continue;
        }
        Object resolved = resolveValue(option.getValue(), value, base);
        if (!resolved.equals(value)) {
          iface.getMethod("set" + property, getter.getReturnType()).invoke(view, resolved);
        }
      } catch (IllegalAccessException | InvocationTargetException | NoSuchMethodException e) {
        throw new IllegalStateException("cannot resolve option --" + option.getKey(), e);
      }
    }
  }

  private static Object resolveValue(Kind kind, Object value, Path base) {
    switch (kind) {
      case CORPUS_SPECS -> {
        @SuppressWarnings("unchecked")
        List<String> specs = CorpusSpec.joinCommaSplit((List<String>) value);
        List<String> resolved = new ArrayList<>();
        for (String spec : specs) {
          int colon = spec.indexOf(':');
          resolved.add(
              colon < 0
                  ? spec
                  : spec.substring(0, colon + 1) + location(spec.substring(colon + 1), base));
        }
        return resolved.equals(value) ? value : resolved;
      }
      case PREDICT_INPUTS -> {
        return mapList(
            (String) value,
            spec -> {
              int start = predictPatternStart(spec.trim());
              return start < 0
                  ? spec
                  : spec.trim().substring(0, start) + location(spec.trim().substring(start), base);
            });
      }
      case NAMED_PATHS -> {
        return mapList(
            (String) value,
            spec -> {
              int eq = spec.indexOf('=');
              return eq < 0
                  ? spec
                  : spec.substring(0, eq + 1) + location(spec.substring(eq + 1), base);
            });
      }
      default -> {
        return location((String) value, base);
      }
    }
  }

  /** Where the PATTERN of a predict input spec starts, or -1 when the spec has none. */
  private static int predictPatternStart(String spec) {
    if (spec.startsWith("jsonl:")) {
      return "jsonl:".length();
    }
    int from = spec.startsWith("tsv:") ? "tsv:".length() : 0;
    int colon = spec.indexOf(':', from);
    return colon < 0 ? -1 : colon + 1;
  }

  private static String mapList(String list, java.util.function.UnaryOperator<String> each) {
    if (list.isBlank()) {
      return list;
    }
    List<String> out = new ArrayList<>();
    for (String item : list.split(",", -1)) {
      out.add(item.isBlank() ? item : each.apply(item));
    }
    return String.join(",", out);
  }

  /**
   * A path or URI made absolute: a URI with a scheme is kept; a local path (a glob may be one) is
   * resolved against {@code base} and normalized, keeping a trailing '/'.
   */
  static String location(String spec, Path base) {
    String trimmed = spec.trim();
    if (trimmed.isEmpty() || SCHEME.matcher(trimmed).matches()) {
      return spec;
    }
    String absolute = base.resolve(trimmed).normalize().toString();
    return trimmed.endsWith("/") && !absolute.endsWith("/") ? absolute + "/" : absolute;
  }
}
