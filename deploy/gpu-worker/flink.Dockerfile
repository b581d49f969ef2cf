# primer's Flink worker images: a Java 17 JRE, primer-bundled.jar (primer, Beam and Flink 1.19's own
# classes) and an entrypoint that runs a JobManager or TaskManager from it the way
# deploy/flink/cluster.sh does (deploy/gpu-worker/flink-entrypoint.sh; no Flink distribution). Two
# targets, used by deploy/flink/k8s/ (the Flink Kubernetes Operator, standalone mode):
#
#   cpu: CPU TaskManagers and the JobManagers. libtorch for the CPU comes inside the bundled jar
#        (DJL's pytorch-native-cpu), nothing else to install.
#   gpu: the same plus libtorch 2.7.1 built for CUDA 12.8, which DJL loads instead (no CUDA native
#        jar of DJL 0.36 / libtorch 2.7.1 is published on Maven Central; pytorch-jni already holds
#        the cu128 JNI library). The NVIDIA driver comes from the node (nvidia.com/gpu resources).
#
# Build from the repository root after `mvn -B -DskipTests package` (the jar is build output):
#   docker build -f deploy/gpu-worker/flink.Dockerfile --target cpu -t REGISTRY/primer-flink-worker:0.1.0-cpu .
#   docker build -f deploy/gpu-worker/flink.Dockerfile --target gpu -t REGISTRY/primer-flink-worker:0.1.0-gpu .
FROM eclipse-temurin:17-jre-jammy AS cpu
LABEL org.opencontainers.image.title="primer-flink-worker" \
      org.opencontainers.image.description="Flink 1.19 JobManager/TaskManager running primer-bundled.jar"
RUN useradd --uid 9999 --create-home flink \
 && mkdir -p /opt/primer /opt/flink/conf \
 && chown -R flink:flink /opt/flink
COPY deploy/target/primer-bundled.jar /opt/primer/primer-bundled.jar
COPY deploy/flink/java17-opens.args /opt/primer/java17-opens.args
COPY deploy/gpu-worker/flink-entrypoint.sh /docker-entrypoint.sh
RUN chmod 0755 /docker-entrypoint.sh
# The operator runs `kubernetes.entry.path` (default /docker-entrypoint.sh) with the argument
# jobmanager or taskmanager and mounts the configuration in /opt/flink/conf.
ENV FLINK_CONF_DIR=/opt/flink/conf \
    PRIMER_JAR=/opt/primer/primer-bundled.jar
USER flink
WORKDIR /opt/flink
EXPOSE 6123 6124 8081
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["taskmanager"]

FROM cpu AS gpu
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends unzip curl ca-certificates libgomp1 \
 && rm -rf /var/lib/apt/lists/* \
 && curl -fsSL -o /tmp/libtorch.zip "$LIBTORCH_URL" \
 && unzip -q /tmp/libtorch.zip -d /opt \
 && rm /tmp/libtorch.zip
# Where DJL finds libtorch and which flavour it is; the NVIDIA container runtime injects the
# driver's compute libraries into containers that ask for them.
ENV PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    LD_LIBRARY_PATH=/opt/libtorch/lib \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER flink
