/**
 * primer's benchmark mains, run by {@code bench/*.sh} from {@code bench/target/primer-bench.jar}
 * with the bundled jar ({@code deploy/target/primer-bundled.jar}) on the classpath (meta-step.sh:
 * the modules' classes): {@link dev.primer.bench.TrainStepBenchmark}, {@link
 * dev.primer.bench.ForwardBenchmark}, {@link dev.primer.bench.MetaStepBenchmark}, {@link
 * dev.primer.bench.PredictBenchmark} and {@link dev.primer.bench.PlainStageEncodeLoop}, with their
 * shared setup in {@code BenchSetup} and {@code BenchArgs}. Not part of the bundled jar.
 */
package dev.primer.bench;
