package dev.primer.pipelines;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.io.Manifest;
import java.beans.Introspector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Reads the values of a stage's own options (those declared by primer's option interfaces, not
 * Beam's runner options) so they can be recorded in the manifest and hashed into the cache key.
 */
final class StageOptionsRecorder {

  /**
   * Options that locate the run or govern the launcher (its lease) rather than configure the work;
   * never part of a cache key.
   */
  private static final Set<String> LOCATION_OPTIONS =
      Set.of(
          "runRoot",
          "runId",
          "force",
          "breakLease",
          "leaseTimeoutSeconds",
          "leaseHeartbeatSeconds");

  private StageOptionsRecorder() {}

  /** The primer option getters of an options interface (and its super-interfaces), sorted. */
  static List<Method> primerGetters(Class<? extends PipelineOptions> optionsClass) {
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    collect(optionsClass, interfaces);
    List<Method> getters = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Class<?> iface : interfaces) {
      if (!iface.getName().startsWith("dev.primer.")) {
        continue;
      }
      for (Method method : iface.getDeclaredMethods()) {
        String property = propertyName(method);
        if (property != null && seen.add(property)) {
          getters.add(method);
        }
      }
    }
    getters.sort(Comparator.comparing(StageOptionsRecorder::propertyName));
    return getters;
  }

  /** The configuration values of a stage's options (location options excluded). */
  static ObjectNode configuration(
      PipelineOptions options, Class<? extends PipelineOptions> optionsClass) {
    PipelineOptions typed = options.as(optionsClass);
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (Method getter : primerGetters(optionsClass)) {
      String property = propertyName(getter);
      if (LOCATION_OPTIONS.contains(property)) {
        continue;
      }
      try {
        node.set(property, Manifest.toTree(getter.invoke(typed)));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read option " + property, e);
      }
    }
    return node;
  }

  /** The bean property a getter reads, or null when the method is not a getter. */
  static String propertyName(Method method) {
    if (method.getParameterCount() != 0 || method.isDefault()) {
      return null;
    }
    String name = method.getName();
    if (name.startsWith("get") && name.length() > 3) {
      return Introspector.decapitalize(name.substring(3));
    }
    if (name.startsWith("is") && name.length() > 2) {
      return Introspector.decapitalize(name.substring(2));
    }
    return null;
  }

  private static void collect(Class<?> iface, Set<Class<?>> into) {
    if (into.add(iface)) {
      for (Class<?> parent : iface.getInterfaces()) {
        collect(parent, into);
      }
    }
  }
}
