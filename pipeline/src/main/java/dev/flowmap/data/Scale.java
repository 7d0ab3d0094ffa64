package dev.flowmap.data;

/** The scale the network sees the data at: as drawn, or divided by the target's std. */
public enum Scale {
  /** As drawn, with the base N(0, sigma^2 I) at data.sigma (the seed). */
  NONE("none"),
  /** The paper's: sigma is the target's std, and the network sees x / sigma. */
  DATA_STD("data_std");

  private final String id;

  Scale(String id) {
    this.id = id;
  }

  /** The name in configs and messages. */
  @Override
  public String toString() {
    return id;
  }
}
