package dev.flowmap.sample;

/** Which weights generate samples: the EMA of the weights, or the raw weights. */
public enum EmaOrRaw {
  /** The EMA weights where an EMA is kept, else the raw ones. */
  EMA("ema"),
  /** The optimizer's weights as they are. */
  RAW("raw");

  private final String id;

  EmaOrRaw(String id) {
    this.id = id;
  }

  /** The name in configs, options, queries, headers and files. */
  @Override
  public String toString() {
    return id;
  }

  /** The weights actually used when {@code emaKept} says whether an EMA exists: EMA only then. */
  public EmaOrRaw given(boolean emaKept) {
    return this == EMA && emaKept ? EMA : RAW;
  }

  /** Whether these are the EMA weights. */
  public boolean ema() {
    return this == EMA;
  }
}
