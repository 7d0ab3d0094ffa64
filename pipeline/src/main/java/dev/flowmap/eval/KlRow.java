package dev.flowmap.eval;

/**
 * Evaluation of N-step generation: histogram KL, its floor at the same sample count, and the
 * share of generated samples inside the kept squares.
 */
public record KlRow(int steps, double kl, double floor, double inSupport) {}
