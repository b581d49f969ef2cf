package dev.primer.pipelines;

/**
 * Options of {@code ./primer demo}: those of every stage the demo runs; the demo chooses its own
 * defaults (run id {@code demo}, the built-in corpus, the tiny model) unless they are given.
 */
public interface DemoOptions extends PrimerOptions, EmbeddedFlinkOptions {}
