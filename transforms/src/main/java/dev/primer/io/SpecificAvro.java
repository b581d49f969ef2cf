package dev.primer.io;

import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroDatumFactory;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;

/**
 * Beam's Avro reads, writes and sinks for the project's generated (specific) record classes.
 *
 * <p>{@code AvroIO.read(Class)}, {@code AvroIO.write(Class)}, {@code AvroIO.sink(Class)} and {@code
 * AvroCoder.of(Class)} default to Avro's reflect API even for generated classes: every record is
 * then read and written through Java reflection, which dominated the CPU profile of the {@code
 * stage} and {@code encode} stages. These factories use the generated classes' own specific readers
 * and writers instead. The file format is the same either way.
 */
public final class SpecificAvro {

  private SpecificAvro() {}

  /** {@code AvroIO.read} of {@code recordClass} with specific datum readers and coder. */
  public static <T> AvroIO.Read<T> read(Class<T> recordClass) {
    return AvroIO.read(recordClass)
        .withDatumReaderFactory(AvroDatumFactory.specific(recordClass))
        .withCoder(AvroCoder.specific(recordClass));
  }

  /** {@code AvroIO.readFiles} of {@code recordClass} with specific datum readers and coder. */
  public static <T> AvroIO.ReadFiles<T> readFiles(Class<T> recordClass) {
    return AvroIO.readFiles(recordClass)
        .withDatumReaderFactory(AvroDatumFactory.specific(recordClass))
        .withCoder(AvroCoder.specific(recordClass));
  }

  /** {@code AvroIO.write} of {@code recordClass} with specific datum writers. */
  public static <T> AvroIO.Write<T> write(Class<T> recordClass) {
    return AvroIO.write(recordClass).withDatumWriterFactory(AvroDatumFactory.specific(recordClass));
  }

  /** {@code AvroIO.sink} (for {@code FileIO.write}) of {@code recordClass}, specific writers. */
  public static <T> AvroIO.Sink<T> sink(Class<T> recordClass) {
    return AvroIO.sink(recordClass).withDatumWriterFactory(AvroDatumFactory.specific(recordClass));
  }
}
