package dev.primer.io;

import org.apache.avro.specific.SpecificData;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;

/**
 * Beam's Avro reads, writes, sinks and coders for the project's generated (specific) record
 * classes.
 *
 * <p>{@code AvroIO.read(Class)}, {@code AvroIO.write(Class)}, {@code AvroIO.sink(Class)} and {@code
 * AvroCoder.of(Class)} default to Avro's reflect API even for generated classes: every record is
 * then read and written through Java reflection, which dominated the CPU profile of the {@code
 * stage} and {@code encode} stages. These factories use the generated classes' own encode and
 * decode methods instead ({@link GeneratedCodeDatumFactory}). The file format is the same.
 */
public final class SpecificAvro {

  private SpecificAvro() {}

  /** A coder of {@code recordClass} records through their generated code. */
  public static <T> AvroCoder<T> coder(Class<T> recordClass) {
    return AvroCoder.of(
        new GeneratedCodeDatumFactory<>(recordClass), SpecificData.get().getSchema(recordClass));
  }

  /** {@code AvroIO.read} of {@code recordClass} with specific datum readers and coder. */
  public static <T> AvroIO.Read<T> read(Class<T> recordClass) {
    return AvroIO.read(recordClass)
        .withDatumReaderFactory(new GeneratedCodeDatumFactory<>(recordClass))
        .withCoder(coder(recordClass));
  }

  /** {@code AvroIO.readFiles} of {@code recordClass} with specific datum readers and coder. */
  public static <T> AvroIO.ReadFiles<T> readFiles(Class<T> recordClass) {
    return AvroIO.readFiles(recordClass)
        .withDatumReaderFactory(new GeneratedCodeDatumFactory<>(recordClass))
        .withCoder(coder(recordClass));
  }

  /** {@code AvroIO.write} of {@code recordClass} with specific datum writers. */
  public static <T> AvroIO.Write<T> write(Class<T> recordClass) {
    return AvroIO.write(recordClass)
        .withDatumWriterFactory(new GeneratedCodeDatumFactory<>(recordClass));
  }

  /** {@code AvroIO.sink} (for {@code FileIO.write}) of {@code recordClass}, specific writers. */
  public static <T> AvroIO.Sink<T> sink(Class<T> recordClass) {
    return AvroIO.sink(recordClass)
        .withDatumWriterFactory(new GeneratedCodeDatumFactory<>(recordClass));
  }
}
