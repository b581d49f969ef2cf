package dev.primer.finetune;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.primer.io.PathSegments;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One task's entry in {@code finetune/tasks.json} (task id to entry), bound by Jackson: the task's
 * coordinates and whether it succeeded, with its final dev F1 and updates when it did, or the
 * reason when it did not. The file's content is what the stage wrote by hand before: absent fields
 * are left out ({@code devF1}, {@code steps} of a failed task; {@code reason} of a succeeded one).
 *
 * @param lang target language
 * @param setting the setting
 * @param method the method's option name
 * @param seed the seed
 * @param succeeded whether the task wrote its checkpoint and {@code result.json}
 * @param devF1 final dev micro F1; null when it failed
 * @param steps updates done; null when it failed
 * @param reason why it failed; null when it succeeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"lang", "setting", "method", "seed", "succeeded", "devF1", "steps", "reason"})
public record TaskEntry(
    String lang,
    String setting,
    String method,
    long seed,
    boolean succeeded,
    Double devF1,
    Long steps,
    String reason)
    implements Serializable {

  /** The entry of a task's outcome. */
  public static TaskEntry of(TaskOutcome o) {
    return o.succeeded()
        ? new TaskEntry(
            o.lang(), o.setting(), o.method(), o.seed(), true, o.devF1(), o.steps(), null)
        : new TaskEntry(o.lang(), o.setting(), o.method(), o.seed(), false, null, null, o.reason());
  }

  /** The entries of a {@code tasks.json}, in the file's order. */
  public static Map<String, TaskEntry> readAll(ObjectMapper mapper, String json)
      throws IOException {
    LinkedHashMap<String, TaskEntry> tasks =
        mapper.readValue(json, new TypeReference<LinkedHashMap<String, TaskEntry>>() {});
    for (String id : tasks.keySet()) {
      PathSegments.checkRelative("finetune/tasks.json task id", id);
    }
    return tasks;
  }
}
