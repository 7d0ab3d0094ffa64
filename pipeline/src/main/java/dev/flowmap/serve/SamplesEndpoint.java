package dev.flowmap.serve;

import dev.flowmap.sample.SampleGenerator;
import dev.flowmap.wire.BatchSeeds;
import dev.flowmap.wire.SampleEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code GET /samples}: streams generated samples in order and only as fast as the consumer reads,
 * with up to {@link #IN_FLIGHT} batches generated at once on the generation scheduler, each from one
 * generator.
 *
 * <p>Each batch is written with its own {@code send} and the next is requested only when that
 * write has reached the socket: Reactor Netty's {@code send(Flux)} would prefetch up to 128 items
 * into the channel, so a slow consumer would cost 128 batches instead of one.
 */
public final class SamplesEndpoint implements Endpoint {
  static final String PATH = "/samples";
  private static final Logger LOG = LoggerFactory.getLogger(SamplesEndpoint.class);
  /**
   * Batches of one stream generated at once, each on its own generation thread and sent in order:
   * one batch at a time left a core idle (one-step generation of the default model ran at the
   * speed of one core).
   */
  static final int IN_FLIGHT = 2;

  private final Supplier<SampleGenerator> generator;
  private final StreamMetrics metrics;
  private final int maxStreams;
  private final int batch;
  private final Scheduler scheduler;
  private final AtomicInteger open = new AtomicInteger();
  private final SplittableRandom seeds = new SplittableRandom();

  /**
   * @param generator           read once per batch, so a swapped model applies from the next batch
   * @param maxStreams          streams open at once before answering 503
   * @param batch               samples generated and sent per batch
   * @param generationScheduler where samples are generated (see {@link #newGenerationScheduler})
   */
  public SamplesEndpoint(Supplier<SampleGenerator> generator, StreamMetrics metrics, int maxStreams,
                         int batch, Scheduler generationScheduler) {
    if (maxStreams < 1 || batch < 1) {
      throw new IllegalArgumentException(
          "maxStreams and batch must be positive, got " + maxStreams + " and " + batch);
    }
    this.generator = generator;
    this.metrics = metrics;
    this.maxStreams = maxStreams;
    this.batch = batch;
    this.scheduler = generationScheduler;
  }

  /** A bounded scheduler of {@code threads} daemon threads named {@code flowmap-gen-*}. */
  public static Scheduler newGenerationScheduler(int threads) {
    return Schedulers.newParallel("flowmap-gen", threads, true);
  }

  /** Streams open now on this endpoint. */
  public int openStreams() {
    return open.get();
  }

  @Override
  public void register(HttpServerRoutes routes) {
    routes.get(PATH, this::handle);
    routes.route(r -> PATH.equals(r.fullPath()) && !HttpMethod.GET.equals(r.method()),
        (req, res) -> HttpErrors.onlyGet(res, req.method().name(), PATH));
  }

  private Mono<Void> handle(HttpServerRequest req, HttpServerResponse res) {
    SampleRequest q;
    try {
      q = SampleRequest.parse(query(req.uri()), this::randomSeed);
    } catch (BadParameterException e) {
      return HttpErrors.badParameter(res, e);
    }
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      metrics.refused();
      return HttpErrors.busy(res, maxStreams);
    }
    StreamMetrics.Stream stream = metrics.open(q.format());
    AtomicBoolean closed = new AtomicBoolean();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable close = () -> {
      if (closed.compareAndSet(false, true)) {
        open.decrementAndGet();
      }
    };
    res.header(HttpHeaderNames.CONTENT_TYPE, q.format().contentType())
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store");
    Flux<Chunk> chunks = Flux.concat(
        Mono.just(new Chunk(SampleEncoder.header(q.format()), 0)),
        batches(q).doOnError(e -> {
          failed.set(true);
          LOG.error("sample generation failed; closing the stream", e);
        }),
        Mono.fromSupplier(() -> new Chunk(
            q.endless() ? new byte[0] : SampleEncoder.trailer(q.format()), 0)));
    return Mono.from(res.sendHeaders())
        .thenMany(chunks.filter(c -> c.bytes().length > 0).concatMap(c -> write(res, stream, c), 1))
        .then()
        .doFinally(sig -> {
          close.run();
          stream.end(sig != SignalType.ON_COMPLETE && !failed.get());
        });
  }

  /**
   * The decoded query parameters of {@code uri}.
   *
   * @throws BadParameterException naming the raw query when its percent-encoding is malformed
   *     (Netty's decoder throws IllegalArgumentException, which would otherwise answer 500)
   */
  static java.util.Map<String, java.util.List<String>> query(String uri) {
    try {
      return new QueryStringDecoder(uri).parameters();
    } catch (IllegalArgumentException e) {
      int q = uri.indexOf('?');
      throw new BadParameterException("query", q < 0 ? "" : uri.substring(q + 1),
          "malformed query: " + e.getMessage());
    }
  }

  /** Writes one chunk; completes when it has been handed to the socket. */
  private static Mono<Void> write(HttpServerResponse res, StreamMetrics.Stream stream, Chunk c) {
    ByteBuf buf = Unpooled.wrappedBuffer(c.bytes());
    // Flux.just, not Mono.just: after sendHeaders() Reactor Netty 1.3 drops a Mono body.
    return res.send(Flux.just(buf)).then()
        .doOnSuccess(v -> stream.sent(c.samples(), c.bytes().length));
  }

  /** Batch k holds samples [k*batch, min((k+1)*batch, count)), from seed BatchSeeds.of(seed, k). */
  private Flux<Chunk> batches(SampleRequest q) {
    long nBatches = q.endless() ? Long.MAX_VALUE : (q.count() + batch - 1) / batch;
    BatchMaker maker = new BatchMaker(q);
    return Flux.<Long, Long>generate(() -> 0L, (k, sink) -> {
          if (k >= nBatches) {
            sink.complete();
          } else {
            sink.next(k);
          }
          return k + 1;
        })
        .flatMapSequential(k -> Mono.fromCallable(() -> maker.make(k)).subscribeOn(scheduler),
            IN_FLIGHT, 1);
  }

  private long randomSeed() {
    synchronized (seeds) {
      return seeds.nextLong();
    }
  }

  /** Generates and encodes the batches of one stream, one sample buffer per batch in flight. */
  private final class BatchMaker {
    private final SampleRequest q;
    private final java.util.concurrent.ArrayBlockingQueue<float[]> buffers =
        new java.util.concurrent.ArrayBlockingQueue<>(IN_FLIGHT);

    BatchMaker(SampleRequest q) {
      this.q = q;
    }

    Chunk make(long k) {
      float[] xy = buffers.poll();
      if (xy == null) {
        xy = new float[2 * batch];
      }
      try {
        return make(k, xy);
      } finally {
        buffers.offer(xy);
      }
    }

    private Chunk make(long k, float[] xy) {
      int n = q.endless() ? batch : (int) Math.min(batch, q.count() - k * batch);
      SampleGenerator g = generator.get();
      g.generate(q.integrate(), q.steps(), q.weights().ema(), BatchSeeds.of(q.seed(), k), n, xy);
      return new Chunk(SampleEncoder.encode(q.format(), xy, n, k, q.steps()), n);
    }
  }

  /** Encoded bytes and the number of samples they carry. */
  private record Chunk(byte[] bytes, int samples) {}
}
