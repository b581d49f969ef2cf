package dev.primer.finetune;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.io.StageArtifacts;
import java.io.IOException;

/**
 * What a task's {@code result.json} says about where its model lies, bound by Jackson (the other
 * fields of the file are ignored here): the checkpoint the task wrote, relative to the task
 * directory ({@code peft/} or {@code full/}), and the base checkpoint it started from.
 *
 * @param checkpoint {@code checkpoint.location} of the file
 * @param base {@code base.location} of the file (the base a {@code peft/} checkpoint needs)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskResultLocations(Location checkpoint, Location base) {

  /** An object of {@code result.json} holding a {@code location}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Location(String location) {}

  /** Reads the locations of a {@code result.json}'s content. */
  public static TaskResultLocations parse(ObjectMapper mapper, String json) throws IOException {
    return mapper.readValue(json, TaskResultLocations.class);
  }

  /** The checkpoint's location relative to the task directory ("" when the file has none). */
  public String checkpointLocation() {
    return checkpoint == null || checkpoint.location() == null ? "" : checkpoint.location();
  }

  /** The base checkpoint's location ("" when the file has none). */
  public String baseLocation() {
    return base == null || base.location() == null ? "" : base.location();
  }

  /** Whether the task fine-tuned every parameter (its checkpoint is {@code full/}). */
  public boolean full() {
    return checkpointLocation().startsWith(StageArtifacts.FINETUNE_FULL_CHECKPOINT);
  }
}
