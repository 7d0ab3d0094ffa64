package dev.flowmap.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Error answers with small JSON bodies: 400 for bad parameters, 405, 503 with Retry-After. */
final class HttpErrors {
  static final ObjectMapper JSON = new ObjectMapper();

  private HttpErrors() {}

  /** 400 with {@code {"error", "parameter", "value"}}. */
  static Mono<Void> badParameter(HttpServerResponse res, BadParameterException e) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", e.getMessage());
    body.put("parameter", e.parameter());
    body.put("value", e.value());
    return send(res, HttpResponseStatus.BAD_REQUEST, body);
  }

  /** 405 with {@code Allow: GET}. */
  static Mono<Void> onlyGet(HttpServerResponse res, String method, String path) {
    res.header(HttpHeaderNames.ALLOW, "GET");
    return send(res, HttpResponseStatus.METHOD_NOT_ALLOWED,
        Map.of("error", method + " is not allowed on " + path + "; use GET"));
  }

  /** 503 with {@code Retry-After: 1}: too many streams open. */
  static Mono<Void> busy(HttpServerResponse res, int max) {
    res.header(HttpHeaderNames.RETRY_AFTER, "1");
    return send(res, HttpResponseStatus.SERVICE_UNAVAILABLE,
        Map.of("error", "too many sample streams open (limit " + max + "); retry shortly"));
  }

  static Mono<Void> send(HttpServerResponse res, HttpResponseStatus status, Map<String, String> body) {
    return res.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .sendString(Mono.just(json(body) + "\n"))
        .then();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
