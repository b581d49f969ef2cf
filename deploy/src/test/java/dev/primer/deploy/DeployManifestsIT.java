package dev.primer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked here of the Kubernetes and image files without Kubernetes or Docker (neither
 * exists on the build machine): the FlinkDeployments of {@code deploy/flink/k8s/} (parsed; required
 * fields, session clusters in standalone mode, images built by {@code
 * deploy/gpu-worker/flink.Dockerfile}'s targets, resources, GPUs only on the GPU pool's
 * TaskManagers and one slot per GPU, Flink settings equal to {@code deploy/flink/conf/}); the
 * Dockerfiles (FROM first, every COPY source present in the repository or the build output, the
 * entrypoint copied where the operator calls it, the Dataflow base image at the project's Beam
 * version); the classes the entrypoint starts exist in the bundled jar; and the entrypoint itself
 * starts a JobManager and a TaskManager (as the operator calls it, outside a container) that form a
 * cluster with the configured slots.
 */
class DeployManifestsIT {

  private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path K8S = REPO.resolve("deploy/flink/k8s/primer-flink.yaml");
  private static final Path FLINK_DOCKERFILE = REPO.resolve("deploy/gpu-worker/flink.Dockerfile");
  private static final Path DATAFLOW_DOCKERFILE = REPO.resolve("deploy/gpu-worker/Dockerfile");
  private static final Path ENTRYPOINT = REPO.resolve("deploy/gpu-worker/flink-entrypoint.sh");
  private static final Path JAR = REPO.resolve("deploy/target/primer-bundled.jar");
  private static final String GPU = "nvidia.com/gpu";

  @TempDir Path temp;

  private static List<JsonNode> deployments() throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    new YAMLMapper()
        .readerFor(JsonNode.class)
        .readValues(K8S.toFile())
        .forEachRemaining(d -> docs.add((JsonNode) d));
    return docs;
  }

  /** Dockerfile instructions (continuation lines joined, comments dropped) as KEYWORD rest. */
  private static List<String[]> instructions(Path dockerfile) throws Exception {
    List<String[]> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String raw : Files.readAllLines(dockerfile)) {
      String trimmed = raw.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && line.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        line.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      line.append(trimmed);
      String text = line.toString().strip();
      line.setLength(0);
      if (!text.isEmpty()) {
        String[] parts = text.split("\\s+", 2);
        out.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
      }
    }
    return out;
  }

  /** The targets ({@code FROM image AS target}) of a Dockerfile. */
  private static Set<String> targets(List<String[]> instructions) {
    Set<String> targets = new TreeSet<>();
    for (String[] i : instructions) {
      Matcher m = Pattern.compile("(?i).*\\s+AS\\s+(\\S+)$").matcher(i[1]);
      if (i[0].equals("FROM") && m.matches()) {
        targets.add(m.group(1));
      }
    }
    return targets;
  }

  private static JsonNode gpuLimit(JsonNode podTemplate) {
    for (JsonNode container : podTemplate.path("spec").path("containers")) {
      JsonNode limit = container.path("resources").path("limits").get(GPU);
      if (limit != null) {
        return limit;
      }
    }
    return null;
  }

  @Test
  void flinkDeploymentsAreSessionClustersOfTheWorkerImages() throws Exception {
    List<String[]> dockerfile = instructions(FLINK_DOCKERFILE);
    Set<String> targets = targets(dockerfile);
    assertEquals(Set.of("cpu", "gpu"), targets);
    String title = null;
    for (String[] i : dockerfile) {
      Matcher m =
          Pattern.compile("org\\.opencontainers\\.image\\.title=\"([^\"]+)\"").matcher(i[1]);
      if (i[0].equals("LABEL") && m.find()) {
        title = m.group(1);
      }
    }
    assertNotNull(title, "flink.Dockerfile names its image in a title label");
    Map<String, String> poolTargets = new LinkedHashMap<>();
    List<JsonNode> docs = deployments();
    assertEquals(2, docs.size(), "a CPU and a GPU pool");
    for (JsonNode d : docs) {
      String name = d.path("metadata").path("name").asText();
      assertEquals("flink.apache.org/v1beta1", d.path("apiVersion").asText(), name);
      assertEquals("FlinkDeployment", d.path("kind").asText(), name);
      JsonNode spec = d.path("spec");
      assertEquals("v1_19", spec.path("flinkVersion").asText(), name + ": the bundled Flink");
      assertEquals("standalone", spec.path("mode").asText(), name + ": the image has no kubectl");
      assertTrue(spec.path("job").isMissingNode(), name + ": a session cluster (no job)");
      Matcher image =
          Pattern.compile("[^/]+/([^:]+):[0-9.]+-(\\w+)").matcher(spec.path("image").asText());
      assertTrue(image.matches(), name + ": image REGISTRY/NAME:VERSION-TARGET");
      assertEquals(title, image.group(1), name + ": built by flink.Dockerfile");
      assertTrue(targets.contains(image.group(2)), name + ": a target of flink.Dockerfile");
      poolTargets.put(name, image.group(2));
      JsonNode conf = spec.path("flinkConfiguration");
      assertEquals("/docker-entrypoint.sh", conf.path("kubernetes.entry.path").asText(), name);
      int slots = Integer.parseInt(conf.path("taskmanager.numberOfTaskSlots").asText());
      assertTrue(slots >= 1, name);
      for (String role : List.of("jobManager", "taskManager")) {
        JsonNode resource = spec.path(role).path("resource");
        assertTrue(resource.path("cpu").asDouble() > 0, name + " " + role + " cpu");
        assertTrue(
            resource.path("memory").asText().matches("\\d+[mg]"), name + " " + role + " memory");
      }
      assertTrue(spec.path("taskManager").path("replicas").asInt() >= 1, name + ": standalone");
      assertEquals(
          null, gpuLimit(spec.path("podTemplate")), name + ": no GPU for every pod (JobManager)");
      assertEquals(null, gpuLimit(spec.path("jobManager").path("podTemplate")), name);
      JsonNode tmGpus = gpuLimit(spec.path("taskManager").path("podTemplate"));
      if (image.group(2).equals("gpu")) {
        assertNotNull(tmGpus, name + ": GPU TaskManagers ask for GPUs");
        assertEquals(slots, tmGpus.asInt(), name + ": one slot per GPU");
        JsonNode requests =
            spec.path("taskManager")
                .path("podTemplate")
                .path("spec")
                .path("containers")
                .get(0)
                .path("resources")
                .path("requests");
        assertEquals(tmGpus.asInt(), requests.path(GPU).asInt(), name + ": requests = limits");
      } else {
        assertEquals(null, tmGpus, name + ": no GPU on the CPU pool");
      }
    }
    assertEquals(Map.of("primer-cpu", "cpu", "primer-gpu", "gpu"), poolTargets);
  }

  @Test
  void flinkSettingsMatchTheLocalClusterConfiguration() throws Exception {
    JsonNode local =
        new YAMLMapper().readTree(REPO.resolve("deploy/flink/conf/config.yaml").toFile());
    for (JsonNode d : deployments()) {
      JsonNode conf = d.path("spec").path("flinkConfiguration");
      int shared = 0;
      for (var it = conf.fields(); it.hasNext(); ) {
        var field = it.next();
        JsonNode mine = local.get(field.getKey());
        if (mine != null
            && !field.getKey().equals("taskmanager.numberOfTaskSlots")
            && !field.getKey().startsWith("taskmanager.memory.network.")) {
          assertEquals(mine.asText(), field.getValue().asText(), field.getKey());
          shared++;
        }
      }
      assertTrue(shared >= 8, "restart, memory and class-loading settings are shared: " + shared);
      // Network memory: the local configuration's amount (enough for one slot) per slot.
      int slots = conf.path("taskmanager.numberOfTaskSlots").asInt();
      int perSlot = megabytes(local.path("taskmanager.memory.network.min").asText());
      assertEquals(
          perSlot * slots, megabytes(conf.path("taskmanager.memory.network.min").asText()));
      assertEquals(
          perSlot * slots, megabytes(conf.path("taskmanager.memory.network.max").asText()));
    }
  }

  private static int megabytes(String size) {
    assertTrue(size.matches("\\d+m"), size);
    return Integer.parseInt(size.substring(0, size.length() - 1));
  }

  @Test
  void dockerfilesBuildFromWhatTheRepositoryHolds() throws Exception {
    List<String[]> flink = instructions(FLINK_DOCKERFILE);
    assertEquals("FROM", flink.get(0)[0]);
    Set<String> destinations = new TreeSet<>();
    for (String[] i : flink) {
      if (i[0].equals("COPY")) {
        String[] parts = i[1].split("\\s+");
        assertFalse(parts[0].startsWith("--"), "no COPY --from or flags expected: " + i[1]);
        assertTrue(
            Files.isRegularFile(REPO.resolve(parts[0])),
            "COPY source " + parts[0] + " (build context: the repository root)");
        destinations.add(parts[parts.length - 1]);
      }
    }
    String entrypoint = null;
    for (String[] i : flink) {
      if (i[0].equals("ENTRYPOINT")) {
        entrypoint = i[1].replaceAll("[\\[\\]\" ]", "");
      }
    }
    assertTrue(destinations.contains(entrypoint), "the entrypoint is the copied script");
    assertTrue(Files.isExecutable(ENTRYPOINT));

    List<String[]> dataflow = instructions(DATAFLOW_DOCKERFILE);
    assertEquals("FROM", dataflow.get(0)[0]);
    String beam =
        Pattern.compile("<beam.version>([^<]+)</beam.version>")
            .matcher(Files.readString(REPO.resolve("pom.xml")))
            .results()
            .findFirst()
            .orElseThrow()
            .group(1);
    assertEquals(
        "apache/beam_java17_sdk:" + beam,
        dataflow.get(0)[1],
        "Dataflow's SDK harness image must match the Beam SDK of the jar");
    assertTrue(dataflow.stream().noneMatch(i -> i[0].equals("COPY")), "context: gpu-worker/");
  }

  @Test
  void entrypointClassesAreInTheBundledJar() throws Exception {
    Matcher classes =
        Pattern.compile("org\\.apache\\.flink\\.[\\w.]+[A-Z]\\w+")
            .matcher(Files.readString(ENTRYPOINT));
    Set<String> named = new TreeSet<>();
    while (classes.find()) {
      named.add(classes.group());
    }
    assertEquals(3, named.size(), "BashJavaUtils, the JobManager and the TaskManager: " + named);
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (String name : named) {
        assertNotNull(jar.getEntry(name.replace('.', '/') + ".class"), name);
      }
    }
  }

  /** The entrypoint as the operator calls it: a JobManager and a TaskManager that find it. */
  @Test
  void entrypointStartsAClusterAsTheOperatorDoes() throws Exception {
    int rest = FlinkSessionCluster.freePort();
    int rpc = FlinkSessionCluster.freePort();
    Path conf = Files.createDirectories(temp.resolve("conf"));
    String config =
        Files.readString(REPO.resolve("deploy/flink/conf/config.yaml"))
            .replaceAll("(?m)^rest.port: .*$", "rest.port: " + rest)
            .replaceAll("(?m)^jobmanager.rpc.port: .*$", "jobmanager.rpc.port: " + rpc)
            .replaceAll(
                "(?m)^taskmanager.memory.process.size: .*$",
                "taskmanager.memory.process.size: 1536m");
    Files.writeString(conf.resolve("config.yaml"), config);
    List<Process> processes = new ArrayList<>();
    try {
      processes.add(entrypoint(conf, "jobmanager"));
      // The operator passes settings as -D arguments after the role.
      processes.add(entrypoint(conf, "taskmanager", "-Dtaskmanager.numberOfTaskSlots=2"));
      HttpClient http = HttpClient.newHttpClient();
      String overview = "";
      long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
      while (System.nanoTime() < end && !overview.contains("\"taskmanagers\":1")) {
        Thread.sleep(1000);
        try {
          overview =
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + "/overview"))
                          .timeout(Duration.ofSeconds(3))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
        } catch (java.io.IOException notYet) {
          // the JobManager's REST endpoint is not up yet
        }
        for (Process p : processes) {
          assertTrue(p.isAlive(), "an entrypoint process ended; logs in " + temp);
        }
      }
      assertTrue(overview.contains("\"taskmanagers\":1"), overview);
      assertTrue(overview.contains("\"slots-total\":2"), overview);
      assertTrue(overview.contains("\"flink-version\":\"1.19.0\""), overview);
    } finally {
      for (Process p : processes) {
        p.destroy();
      }
      for (Process p : processes) {
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private Process entrypoint(Path conf, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", ENTRYPOINT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve(args[0] + ".log").toFile());
    builder.environment().put("FLINK_CONF_DIR", conf.toString());
    builder.environment().put("PRIMER_JAR", JAR.toString());
    builder
        .environment()
        .put("PRIMER_JAVA_ARGFILE", REPO.resolve("deploy/flink/java17-opens.args").toString());
    return builder.start();
  }
}
