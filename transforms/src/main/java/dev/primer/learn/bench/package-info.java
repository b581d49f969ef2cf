/** Benchmarks, runnable as {@code main} classes from the module's classpath. */
package dev.primer.learn.bench;
