/** Benchmarks of {@code predict}, runnable as {@code main} classes from the module's classpath. */
package dev.primer.predict.bench;
