package dev.primer.pipelines;

import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Prints a command's options with their descriptions and defaults. */
final class OptionsHelp {

  private static final String BEAM_OPTIONS =
      """
        Beam options (all runners):
          --runner=DirectRunner|FlinkRunner|DataflowRunner   where the pipeline runs (default DirectRunner)
          --flinkMaster=[local]|host:port                     Flink: embedded MiniCluster or a cluster
          --parallelism=N                                     Flink: parallel subtasks
          --project=P --region=R --tempLocation=gs://...      Dataflow: project, region, staging
          --workerMachineType=T --maxNumWorkers=N             Dataflow: workers
        Any other Beam or runner option is accepted too (see the runner's documentation).
      """;

  private OptionsHelp() {}

  static void print(
      PrintStream out, String usage, String summary, Class<? extends PipelineOptions> options) {
    out.println("Usage: " + usage);
    out.println();
    out.println(summary);
    out.println();
    out.println("Options:");
    List<Method> getters = StageOptionsRecorder.primerGetters(options);
    for (Method getter : getters) {
      String property = StageOptionsRecorder.propertyName(getter);
      Description description = getter.getAnnotation(Description.class);
      String defaultValue = defaultOf(getter);
      out.printf(
          "  --%s=%s%s%n",
          property,
          typeName(getter.getReturnType()),
          defaultValue == null ? "" : "   (default: " + defaultValue + ")");
      if (description != null) {
        for (String line : wrap(description.value(), 88)) {
          out.println("      " + line);
        }
      }
    }
    out.println();
    out.print(BEAM_OPTIONS);
  }

  private static String typeName(Class<?> type) {
    if (type.isEnum()) {
      StringBuilder values = new StringBuilder();
      for (Object constant : type.getEnumConstants()) {
        values.append(values.length() == 0 ? "" : "|").append(constant);
      }
      return values.toString();
    }
    if (List.class.isAssignableFrom(type)) {
      return "A,B,...";
    }
    return switch (type.getSimpleName()) {
      case "Integer", "Long", "int", "long" -> "N";
      case "Double", "Float", "double", "float" -> "X";
      case "Boolean", "boolean" -> "true|false";
      default -> "VALUE";
    };
  }

  static String defaultOf(Method getter) {
    for (Annotation annotation : getter.getAnnotations()) {
      if (annotation instanceof Default.String d) {
        return d.value().isEmpty() ? "\"\"" : d.value();
      } else if (annotation instanceof Default.Integer d) {
        return String.valueOf(d.value());
      } else if (annotation instanceof Default.Long d) {
        return String.valueOf(d.value());
      } else if (annotation instanceof Default.Double d) {
        return String.valueOf(d.value());
      } else if (annotation instanceof Default.Float d) {
        return String.valueOf(d.value());
      } else if (annotation instanceof Default.Boolean d) {
        return String.valueOf(d.value());
      } else if (annotation instanceof Default.Enum d) {
        return d.value();
      } else if (annotation instanceof Default.InstanceFactory) {
        return "computed";
      }
    }
    return null;
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
