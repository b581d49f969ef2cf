package dev.primer.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the {@code primer} launcher in-process for tests with the standard stages, capturing what a
 * call prints on stdout and stderr (each call starts with both empty).
 */
final class PrimerCall {

  /** Runner flags for an embedded Flink cluster with two parallel subtasks. */
  static final List<String> FLINK =
      List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs {@code args}; returns the exit status. */
  int run(String... args) {
    out.reset();
    err.reset();
    return new Primer(
            StageRegistry.standard(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
  }

  /** Runs {@code args}; returns the exit status. */
  int run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  /** What the last call printed on stdout. */
  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the last call printed on stderr. */
  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /**
   * Asserts that a call ended in a user error: status 2, one line starting {@code primer } (a
   * single message), no stack trace, the message holding {@code expected}.
   *
   * @param status the call's exit status
   * @return what the call printed on stderr
   */
  String assertUserError(int status, String expected) {
    String message = err();
    assertEquals(2, status, message);
    assertEquals(1, message.lines().filter(l -> l.startsWith("primer ")).count(), message);
    assertTrue(message.lines().noneMatch(l -> l.strip().startsWith("at ")), message);
    assertTrue(message.contains(expected), message);
    return message;
  }

  /**
   * Hand-made upstream outputs of run {@code run}, as finetune, evaluate and predict read them:
   * encode (sw and de with train and dev sentences, windows of 64) and vocab manifests, the labels
   * and a tokenizer with {@code [PAD]}.
   *
   * @param trainOnly languages the encode manifest lists with train sentences only
   */
  static void writeUpstream(Path run, String... trainOnly) throws IOException {
    Files.createDirectories(run.resolve("encode"));
    Files.createDirectories(run.resolve("vocab"));
    StringBuilder more = new StringBuilder();
    for (String lang : trainOnly) {
      more.append(",\"").append(lang).append("\":{\"train\":{\"sentences\":5}}");
    }
    Files.writeString(
        run.resolve("encode/_MANIFEST.json"),
        "{\"stage\":\"encode\",\"cacheKey\":\"e\",\"options\":{\"maxLength\":64},"
            + "\"counts\":{\"languages\":{"
            + "\"sw\":{\"train\":{\"sentences\":5},\"dev\":{\"sentences\":2}},"
            + "\"de\":{\"train\":{\"sentences\":5},\"dev\":{\"sentences\":2}}"
            + more
            + "}}}");
    Files.writeString(
        run.resolve("encode/labels.json"),
        "{\"types\":[\"PER\"],\"labels\":[\"O\",\"B-PER\",\"I-PER\"]}");
    Files.writeString(
        run.resolve("vocab/_MANIFEST.json"), "{\"stage\":\"vocab\",\"cacheKey\":\"v\"}");
    Files.writeString(
        run.resolve("vocab/tokenizer.json"),
        "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[PAD]\":0,\"[UNK]\":1,\"[CLS]\":2,"
            + "\"[SEP]\":3,\"[MASK]\":4,\"a\":5}}}");
  }
}
