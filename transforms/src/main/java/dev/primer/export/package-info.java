/**
 * Export of primer's models to the layouts the Python ecosystem loads (HF {@code transformers},
 * AdapterHub {@code adapters}, HF PEFT) and their import back: {@link
 * dev.primer.export.ModelExporter}, {@link dev.primer.export.ExportedModels}. Knows nothing of Beam
 * pipelines; all file access goes through Beam {@code FileSystems} ({@code dev.primer.io}).
 */
package dev.primer.export;
