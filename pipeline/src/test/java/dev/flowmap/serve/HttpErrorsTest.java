package dev.flowmap.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {
  @Test
  void jsonEscapesTheValue() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("parameter", "format");
    body.put("value", "\"<x>\"\n\\");
    assertThat(HttpErrors.json(body))
        .isEqualTo("{\"parameter\":\"format\",\"value\":\"\\\"<x>\\\"\\n\\\\\"}");
  }
}
