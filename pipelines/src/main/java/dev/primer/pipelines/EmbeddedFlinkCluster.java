package dev.primer.pipelines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.api.java.ExecutionEnvironment;
import org.apache.flink.api.java.LocalEnvironment;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Flink cluster for all the stages of a {@code run} or {@code demo} with {@code
 * --runner=FlinkRunner --flinkMaster=[local]} (or {@code [auto]} outside a Flink client), instead
 * of the cluster per stage that Beam's {@code [local]} starts and stops (a few seconds each, and
 * each stage's code starts cold). Off with {@code --flinkClusterPerRun=false}.
 *
 * <p>The cluster is Flink's {@link MiniCluster} from the bundled classes: a JobManager and one
 * TaskManager with as many slots as the run's {@code --parallelism} (1 when unset, as {@code
 * [local]}), threads of the launcher's JVM, configured as Beam configures {@code [local]} (managed
 * memory {@code taskmanager.memory.managed.fraction} of the free heap, the leaked-class-loader
 * check off, {@code --flinkConfDir} or {@code FLINK_CONF_DIR} read when given); its REST endpoint
 * listens on a free port of the loopback interface. Jobs run with the launcher's class loader, no
 * jar is staged (as with {@code [local]}).
 *
 * <p>How the stages reach it: while it is open the run's options say {@code --flinkMaster=[auto]},
 * for which Beam's FlinkRunner takes {@link ExecutionEnvironment#getExecutionEnvironment()} (batch;
 * {@link StreamExecutionEnvironment#getExecutionEnvironment()} for streaming or {@code
 * --useDataStreamForBatch}). This class installs the context factories behind those two calls (the
 * hook Flink's own command-line client and test environments use); their environments turn each
 * stage's program into a {@link JobGraph} and submit it to this cluster. {@link #close()} stops the
 * cluster, removes the factories and restores the user's {@code --flinkMaster}, whether the run
 * completed, failed or hit a user error.
 *
 * <p>Invariants: at most one open per JVM (a second {@link #start} while one is open fails); every
 * job the run submits runs on this cluster and is listed, in order, in its {@link Summary}.
 */
final class EmbeddedFlinkCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlinkCluster.class);

  /** The {@code execution.target} of the environments this class hands out. */
  static final String TARGET = "primer-embedded-cluster";

  private static final AtomicReference<EmbeddedFlinkCluster> OPEN = new AtomicReference<>();
  private static final AtomicReference<Summary> LAST_CLOSED = new AtomicReference<>();

  /**
   * What a closed cluster did.
   *
   * @param slots the TaskManager's slots
   * @param restAddress where its REST endpoint listened
   * @param jobs the names of the jobs it ran, in submission order
   * @param startMillis how long starting it took
   */
  record Summary(int slots, String restAddress, List<String> jobs, long startMillis) {}

  private final FlinkPipelineOptions options;
  private final String userMaster;
  private final MiniCluster cluster;
  private final int slots;
  private final String restAddress;
  private final long startMillis;
  private final List<String> jobs = Collections.synchronizedList(new ArrayList<>());

  private EmbeddedFlinkCluster(
      FlinkPipelineOptions options, String userMaster, MiniCluster cluster, int slots, long ms)
      throws Exception {
    this.options = options;
    this.userMaster = userMaster;
    this.cluster = cluster;
    this.slots = slots;
    this.startMillis = ms;
    this.restAddress = cluster.getRestAddress().get(30, TimeUnit.SECONDS).toString();
  }

  /**
   * Starts the run's cluster when {@code options} run on Flink locally ({@code [local]}, or {@code
   * [auto]} with no Flink client around) and {@code --flinkClusterPerRun} is true; otherwise
   * returns empty and changes nothing.
   */
  static Optional<EmbeddedFlinkCluster> start(PipelineOptions options) throws Exception {
    if (options.getRunner() == null || !FlinkRunner.class.isAssignableFrom(options.getRunner())) {
      return Optional.empty();
    }
    if (!Boolean.TRUE.equals(options.as(EmbeddedFlinkOptions.class).getFlinkClusterPerRun())) {
      return Optional.empty();
    }
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    String master = flink.getFlinkMaster();
    boolean local =
        "[local]".equals(master)
            || ("[auto]".equals(master)
                && ExecutionEnvironment.getExecutionEnvironment() instanceof LocalEnvironment);
    if (!local) {
      return Optional.empty();
    }
    if (OPEN.get() != null) {
      throw new IllegalStateException("an embedded Flink cluster is already open in this JVM");
    }
    Configuration configuration = clusterConfiguration(flink.getFlinkConfDir());
    int slots =
        flink.getParallelism() != null && flink.getParallelism() > 0
            ? flink.getParallelism()
            : Math.max(1, configuration.get(CoreOptions.DEFAULT_PARALLELISM));
    long t0 = System.nanoTime();
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .build());
    EmbeddedFlinkCluster started;
    try {
      cluster.start();
      started =
          new EmbeddedFlinkCluster(
              flink, master, cluster, slots, (System.nanoTime() - t0) / 1_000_000);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    if (!OPEN.compareAndSet(null, started)) {
      cluster.close();
      throw new IllegalStateException("an embedded Flink cluster is already open in this JVM");
    }
    ContextInstaller.install(started);
    StreamContextInstaller.install(started);
    flink.setFlinkMaster("[auto]");
    LOG.info(
        "embedded Flink cluster for the run: 1 TaskManager, {} slots, REST {}, started in {} ms",
        slots,
        started.restAddress,
        started.startMillis);
    return Optional.of(started);
  }

  /** What the last closed cluster of this JVM did; empty before the first closes. */
  static Optional<Summary> lastClosed() {
    return Optional.ofNullable(LAST_CLOSED.get());
  }

  /** The names of the jobs submitted so far, in order. */
  List<String> jobs() {
    synchronized (jobs) {
      return List.copyOf(jobs);
    }
  }

  /** Stops the cluster, removes the context factories, restores {@code --flinkMaster}. */
  @Override
  public void close() throws Exception {
    try {
      ContextInstaller.reset();
      StreamContextInstaller.reset();
      options.setFlinkMaster(userMaster);
      cluster.close();
    } finally {
      OPEN.compareAndSet(this, null);
      LAST_CLOSED.set(new Summary(slots, restAddress, jobs(), startMillis));
      LOG.info("embedded Flink cluster stopped; it ran {} jobs: {}", jobs.size(), jobs());
    }
  }

  /** The cluster's configuration: as Beam's {@code [local]} builds it. */
  static Configuration clusterConfiguration(String confDir) {
    Configuration configuration;
    if (confDir != null && !confDir.isEmpty()) {
      configuration = GlobalConfiguration.loadConfiguration(confDir);
    } else if (System.getenv("FLINK_CONF_DIR") != null) {
      configuration = GlobalConfiguration.loadConfiguration();
    } else {
      configuration = new Configuration();
    }
    if (!configuration.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
      float fraction = configuration.get(TaskManagerOptions.MANAGED_MEMORY_FRACTION);
      long bytes = (long) (EnvironmentInformation.getSizeOfFreeHeapMemoryWithDefrag() * fraction);
      configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, new MemorySize(bytes));
    }
    if (!configuration.contains(CoreOptions.CHECK_LEAKED_CLASSLOADER)) {
      configuration.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
    }
    if (!configuration.contains(RestOptions.BIND_PORT)) {
      configuration.set(RestOptions.BIND_PORT, "0");
    }
    if (!configuration.contains(RestOptions.BIND_ADDRESS)) {
      configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    }
    if (!configuration.contains(RestOptions.ADDRESS)) {
      configuration.set(RestOptions.ADDRESS, "127.0.0.1");
    }
    return configuration;
  }

  /** The configuration of the environments handed to Beam: this cluster's target, attached. */
  private Configuration clientConfiguration() {
    Configuration configuration = new Configuration();
    configuration.set(DeploymentOptions.TARGET, TARGET);
    configuration.set(DeploymentOptions.ATTACHED, true);
    configuration.set(CoreOptions.DEFAULT_PARALLELISM, slots);
    return configuration;
  }

  private ClassLoader classLoader() {
    return EmbeddedFlinkCluster.class.getClassLoader();
  }

  /** Turns a stage's Flink program into a job graph and submits it to this cluster. */
  private CompletableFuture<JobClient> submit(
      Pipeline pipeline, Configuration configuration, ClassLoader userClassLoader)
      throws Exception {
    JobGraph job = PipelineExecutorUtils.getJobGraph(pipeline, configuration, userClassLoader);
    jobs.add(job.getName());
    LOG.info("submitting job '{}' to the run's embedded Flink cluster", job.getName());
    return cluster
        .submitJob(job)
        .thenApply(
            submitted ->
                new MiniClusterJobClient(
                    submitted.getJobID(),
                    cluster,
                    userClassLoader,
                    MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
  }

  private PipelineExecutorServiceLoader executors() {
    PipelineExecutor executor = this::submit;
    PipelineExecutorFactory factory =
        new PipelineExecutorFactory() {
          @Override
          public String getName() {
            return TARGET;
          }

          @Override
          public boolean isCompatibleWith(Configuration configuration) {
            return TARGET.equals(configuration.get(DeploymentOptions.TARGET));
          }

          @Override
          public PipelineExecutor getExecutor(Configuration configuration) {
            return executor;
          }
        };
    return new PipelineExecutorServiceLoader() {
      @Override
      public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
        return factory;
      }

      @Override
      public Stream<String> getExecutorNames() {
        return Stream.of(TARGET);
      }
    };
  }

  /**
   * Reaches {@link ExecutionEnvironment}'s protected context-factory hook (as Flink's own
   * TestEnvironment does); never instantiated.
   */
  @SuppressWarnings("deprecation")
  private abstract static class ContextInstaller extends ExecutionEnvironment {
    static void install(EmbeddedFlinkCluster cluster) {
      initializeContextEnvironment(
          () ->
              new ExecutionEnvironment(
                  cluster.executors(), cluster.clientConfiguration(), cluster.classLoader()));
    }

    static void reset() {
      resetContextEnvironment();
    }
  }

  /** The same for {@link StreamExecutionEnvironment}; never instantiated. */
  private abstract static class StreamContextInstaller extends StreamExecutionEnvironment {
    static void install(EmbeddedFlinkCluster cluster) {
      initializeContextEnvironment(
          configuration -> {
            Configuration merged = cluster.clientConfiguration();
            merged.addAll(configuration);
            merged.set(DeploymentOptions.TARGET, TARGET);
            return new StreamExecutionEnvironment(
                cluster.executors(), merged, cluster.classLoader());
          });
    }

    static void reset() {
      resetContextEnvironment();
    }
  }
}
