package dev.flowmap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The compose stack's files are consistent: it parses, what it mounts exists, Prometheus scrapes the app. */
class ComposeTest {
  private static final Path COMPOSE = Dashboards.repoRoot().resolve("compose");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode compose() throws IOException {
    return YAML.readTree(COMPOSE.resolve("docker-compose.yml").toFile());
  }

  @Test
  void hasTheThreeServicesWithPinnedImagesAndHealthChecks() throws IOException {
    JsonNode services = compose().path("services");
    assertThat(services.has("flowmap") && services.has("prometheus") && services.has("grafana")).isTrue();
    assertThat(services.at("/prometheus/image").asText()).matches("prom/prometheus:v3\\.\\d+\\.\\d+");
    assertThat(services.at("/grafana/image").asText()).matches("grafana/grafana:12\\.\\d+\\.\\d+");
    assertThat(services.at("/prometheus/depends_on/flowmap/condition").asText()).isEqualTo("service_healthy");
    assertThat(services.at("/grafana/depends_on/prometheus/condition").asText()).isEqualTo("service_healthy");
    assertThat(services.at("/prometheus/healthcheck/test").size()).isPositive();
    assertThat(services.at("/grafana/healthcheck/test").size()).isPositive();
    assertThat(Files.readString(COMPOSE.resolve("Dockerfile"))).contains("HEALTHCHECK", "ARG TARGETARCH");
  }

  @Test
  void hasAKraftBrokerThatTheTrainerPublishesToAndAConsumerOfIt() throws IOException {
    JsonNode services = compose().path("services");
    assertThat(services.at("/kafka/image").asText()).matches("apache/kafka:4\\.\\d+\\.\\d+");
    assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
    assertThat(services.at("/kafka/environment/CLUSTER_ID").asText()).matches("[A-Za-z0-9_-]{22}");
    assertThat(services.at("/kafka/healthcheck/test").size()).isPositive();
    assertThat(services.at("/flowmap/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
    assertThat(services.at("/flowmap/command").toString()).contains("\"--kafka\",\"kafka:9092\"");
    assertThat(services.at("/consumer/image").asText()).isEqualTo(services.at("/flowmap/image").asText());
    assertThat(services.at("/consumer/entrypoint").toString() + services.at("/consumer/command"))
        .contains("consume", "--kafka", "kafka:9092", "flowmap-samples");
    assertThat(services.at("/consumer/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
  }

  @Test
  void buildContextAndDockerfileExist() throws IOException {
    JsonNode build = compose().at("/services/flowmap/build");
    Path context = COMPOSE.resolve(build.path("context").asText()).normalize();
    assertThat(context.resolve("pom.xml")).isRegularFile();
    assertThat(context.resolve(build.path("dockerfile").asText())).isRegularFile();
    assertThat(COMPOSE.resolve("entrypoint.sh")).isExecutable();
  }

  @Test
  void everyMountedInputExists() throws IOException {
    List<String> checked = new ArrayList<>();
    for (JsonNode service : compose().path("services")) {
      for (JsonNode volume : service.path("volumes")) {
        String[] parts = volume.asText().split(":");
        if (!parts[0].startsWith(".") && !parts[0].startsWith("/")) {
          continue; // a named volume
        }
        Path source = COMPOSE.resolve(parts[0]).normalize();
        boolean readOnly = parts.length > 2 && parts[2].contains("ro");
        if (source.endsWith("configs")) {
          continue; // checked in configMountHoldsTheDefaultConfig
        }
        if (readOnly) {
          assertThat(source).as(volume.asText()).exists();
        } else {
          assertThat(source.getParent()).as(volume.asText() + " (created on first run)").isDirectory();
        }
        checked.add(volume.asText());
      }
    }
    assertThat(checked).contains("./prometheus.yml:/etc/prometheus/prometheus.yml:ro", "../runs:/runs");
  }

  @Test
  void configMountHoldsTheDefaultConfig() {
    Path configs = Dashboards.repoRoot().resolve("configs");
    Assumptions.assumeTrue(Files.isDirectory(configs), "configs/ is not in this tree yet");
    assertThat(configs.resolve("default.yaml")).isRegularFile();
  }

  @Test
  void grafanaProvisioningPointsAtTheMountedDashboardsAndDatasourceUid() throws IOException {
    JsonNode grafana = compose().at("/services/grafana");
    JsonNode provider = YAML.readTree(
        COMPOSE.resolve("grafana/provisioning/dashboards/flowmap.yml").toFile()).at("/providers/0");
    String path = provider.at("/options/path").asText();
    assertThat(grafana.path("volumes").toString()).contains("../dashboards:" + path + ":ro");
    assertThat(grafana.at("/environment/GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText())
        .isEqualTo(path + "/training.json");
    assertThat(grafana.at("/environment/GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("true");
    assertThat(grafana.at("/environment/GF_AUTH_ANONYMOUS_ORG_ROLE").asText()).isEqualTo("Viewer");
    JsonNode ds = YAML.readTree(
        COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yml").toFile()).at("/datasources/0");
    assertThat(ds.path("uid").asText()).isEqualTo(Dashboards.DATASOURCE_UID);
    assertThat(ds.path("url").asText()).isEqualTo("http://prometheus:9090");
  }

  @Test
  void prometheusScrapesTheAppServiceOnItsContainerPort() throws IOException {
    JsonNode app = compose().at("/services/flowmap");
    String containerPort = app.path("ports").get(0).asText().replaceAll(".*:", "");
    JsonNode job = YAML.readTree(COMPOSE.resolve("prometheus.yml").toFile()).at("/scrape_configs/0");
    assertThat(job.at("/static_configs/0/targets/0").asText()).isEqualTo("flowmap:" + containerPort);
    assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
    assertThat(Files.readString(COMPOSE.resolve("entrypoint.sh"))).contains("--port " + containerPort);
    assertThat(Files.readString(COMPOSE.resolve("Dockerfile"))).contains("EXPOSE " + containerPort);
  }
}
