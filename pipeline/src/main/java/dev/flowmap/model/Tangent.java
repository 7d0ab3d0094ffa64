package dev.flowmap.model;

/** Which input a forward-mode tangent is pushed along. */
public enum Tangent {
  /** No tangent: a primal pass only. */
  NONE,
  /** Along t: gives dv_{s,t}(x)/dt. */
  T,
  /** Along s: gives dv_{s,t}(x)/ds. */
  S,
  /** Along x in a given direction b: gives J_x v_{s,t}(x) b. */
  X
}
