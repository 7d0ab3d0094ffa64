package dev.flowmap.soak;

import java.util.Locale;

/**
 * One 30-second reading of the trainer: the five watched quantities and the work done so far.
 *
 * @param minutes     since the soak started
 * @param rss         resident set size, bytes
 * @param heapAfterGc Java heap in use after a full collection, bytes
 * @param offHeap     ND4J off-heap bytes (JavaCPP)
 * @param threads     live threads
 * @param fds         open file descriptors
 */
record SoakRow(double minutes, long rss, long heapAfterGc, long offHeap, long threads, long fds,
               long steps, long published, long consumed, long streamBytes, long scrapes) {
  static final String HEADER = "minutes,rss_bytes,heap_after_gc_bytes,nd4j_offheap_bytes,threads,"
      + "open_fds,train_steps,kafka_records_acked,group_records_read,stream_bytes_read,scrapes_ok";

  /** The watched quantities in column order: rss, heap after GC, off-heap, threads, fds. */
  long[] watched() {
    return new long[] {rss, heapAfterGc, offHeap, threads, fds};
  }

  String csv() {
    return String.format(Locale.ROOT, "%.2f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d", minutes, rss,
        heapAfterGc, offHeap, threads, fds, steps, published, consumed, streamBytes, scrapes);
  }
}
