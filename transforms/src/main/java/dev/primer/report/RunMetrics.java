package dev.primer.report;

import dev.primer.io.CommittedStage;
import dev.primer.io.ResourceIO;
import dev.primer.io.RunLayout;
import dev.primer.schemas.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The {@code Metric} records of a run, by the stage that wrote them: {@code metrics/*.avro} in the
 * committed output of every metric-writing stage whose manifest exists ({@link CommittedStage}; a
 * stage without a manifest has not completed, and its files are ignored). Read through Beam
 * FileSystems, so a run root on {@code gs://} works.
 */
public final class RunMetrics {

  /** The stages that write metrics, in workflow order. */
  public static final String PRETRAIN = "pretrain";

  public static final String PRIME = "prime";
  public static final String FINETUNE = "finetune";
  public static final String EVALUATE = "evaluate";

  /** Every metric-writing stage, in workflow order. */
  public static final List<String> STAGES = List.of(PRETRAIN, PRIME, FINETUNE, EVALUATE);

  /** The sub-directory of a stage that holds its {@code Metric} Avro files. */
  public static final String METRICS = "metrics";

  private final Map<String, List<Metric>> byStage;

  private RunMetrics(Map<String, List<Metric>> byStage) {
    Map<String, List<Metric>> copy = new LinkedHashMap<>();
    for (String stage : STAGES) {
      if (byStage.containsKey(stage)) {
        copy.put(stage, List.copyOf(byStage.get(stage)));
      }
    }
    this.byStage = Collections.unmodifiableMap(copy);
  }

  /** Records already in memory, keyed by completed stage (tests, other callers). */
  public static RunMetrics of(Map<String, List<Metric>> byStage) {
    for (String stage : byStage.keySet()) {
      if (!STAGES.contains(stage)) {
        throw new IllegalArgumentException("not a metric-writing stage: " + stage);
      }
    }
    return new RunMetrics(byStage);
  }

  /** Reads the metrics of every completed metric-writing stage of a run. */
  public static RunMetrics read(RunLayout layout) throws IOException {
    Map<String, List<Metric>> byStage = new LinkedHashMap<>();
    for (String stage : STAGES) {
      Optional<CommittedStage> committed = CommittedStage.read(layout, stage);
      if (committed.isPresent()) {
        byStage.put(stage, readFiles(metricsGlob(committed.get())));
      }
    }
    return new RunMetrics(byStage);
  }

  /**
   * The glob of a stage's committed metric files; when the stage has not committed, the glob names
   * its stage directory, where no metric file ever lies.
   */
  public static String metricsGlob(RunLayout layout, String stage) throws IOException {
    Optional<CommittedStage> committed = CommittedStage.read(layout, stage);
    return committed.isPresent()
        ? metricsGlob(committed.get())
        : layout.stageSubdirectory(stage, METRICS) + "*.avro";
  }

  /** The glob of a committed stage's metric files. */
  public static String metricsGlob(CommittedStage committed) {
    return committed.directory(METRICS) + "*.avro";
  }

  /** Every record of every file matching {@code glob}, files in name order. */
  public static List<Metric> readFiles(String glob) throws IOException {
    List<MatchResult.Metadata> files = new ArrayList<>(ResourceIO.list(glob));
    files.sort(Comparator.comparing(m -> m.resourceId().toString()));
    List<Metric> records = new ArrayList<>();
    for (MatchResult.Metadata file : files) {
      try (InputStream in = ResourceIO.open(file.resourceId());
          DataFileStream<Metric> stream =
              new DataFileStream<>(in, new SpecificDatumReader<>(Metric.class))) {
        for (Metric metric : stream) {
          records.add(metric);
        }
      }
    }
    return records;
  }

  /** True when the stage completed (its records, possibly none, are here). */
  public boolean has(String stage) {
    return byStage.containsKey(stage);
  }

  /** The records of a stage; empty when it has not completed. */
  public List<Metric> of(String stage) {
    return byStage.getOrDefault(stage, List.of());
  }

  /** The completed stages, in workflow order. */
  public List<String> stages() {
    return List.copyOf(byStage.keySet());
  }
}
