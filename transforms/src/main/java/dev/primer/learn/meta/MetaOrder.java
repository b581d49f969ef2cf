package dev.primer.learn.meta;

/** How the meta-gradient treats the inner-loop updates. */
public enum MetaOrder {
  /**
   * First-order MAML: the adapted fast weights are treated as constants; the encoder gets the
   * query-loss gradient at the adapted point (and the fast-weight initialisation gets the query
   * gradient w.r.t. the adapted weights, FOMAML). Memory-stable for long runs.
   */
  FIRST,
  /**
   * Full second-order MAML: back-propagation through the inner SGD updates (Hessian-vector products
   * via libtorch's create_graph). libtorch leaks native memory with create_graph; use it for
   * verification and short runs.
   */
  SECOND
}
