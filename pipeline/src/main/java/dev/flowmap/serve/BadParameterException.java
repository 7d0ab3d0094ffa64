package dev.flowmap.serve;

/** A query parameter a client got wrong; answered with 400 and a JSON body naming it. */
final class BadParameterException extends RuntimeException {
  private final String parameter;
  private final String value;

  BadParameterException(String parameter, String value, String message) {
    super(message);
    this.parameter = parameter;
    this.value = value;
  }

  String parameter() {
    return parameter;
  }

  String value() {
    return value;
  }
}
