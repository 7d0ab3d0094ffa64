package dev.flowmap.kafka;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker (Apache Kafka 4.x from the test classpath) in a child JVM
 * on free loopback ports, formatted in a temporary directory. One is shared by every test class of
 * the test JVM and removed when that JVM exits; {@link #stop()} and {@link #start()} take it down
 * and bring it back on the same ports with the same data.
 */
public final class TestBroker {
  private static TestBroker shared;

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private Process process;

  private TestBroker() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("flowmap-kafka");
    port = freePort();
    controllerPort = freePort();
    Files.writeString(dir.resolve("server.properties"), String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=3",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        // few threads: the tests share two cores with everything else
        "num.network.threads=2",
        "num.io.threads=2",
        "background.threads=2",
        "num.recovery.threads.per.data.dir=1",
        "log.cleaner.threads=1",
        "auto.create.topics.enable=true", ""));
    java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
        "-c", dir.resolve("server.properties").toString()).waitFor();
  }

  /** The shared broker, started on first use. */
  public static synchronized TestBroker shared() throws Exception {
    if (shared == null) {
      TestBroker b = new TestBroker();
      Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "test-broker-cleanup"));
      b.start();
      shared = b;
    }
    if (!shared.running()) {
      shared.start();
    }
    return shared;
  }

  /** {@code host:port} of the broker's client listener. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker (again) and waits until it answers a metadata request. */
  public synchronized void start() throws Exception {
    if (running()) {
      return;
    }
    process = java("kafka.Kafka", dir.resolve("server.properties").toString());
    // generous: on a machine shared by several builds a JVM start alone can take a minute
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (true) {
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
          throw new IllegalStateException("test broker did not start; log: "
              + dir.resolve("broker.log") + "\n" + tail(), e);
        }
        Thread.sleep(200);
      }
    }
  }

  /** Stops the broker process (SIGKILL: it goes away as a crashed broker does). */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  /** Creates {@code topic} with {@code partitions} partitions. */
  public void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** An admin client of this broker; close it. */
  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return Admin.create(p);
  }

  private Process java(String mainClass, String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()));
    Map<String, String> env = pb.environment();
    env.put("CLASSPATH", System.getProperty("java.class.path"));
    env.remove("JAVA_TOOL_OPTIONS");
    return pb.start();
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("broker.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private void destroy() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
