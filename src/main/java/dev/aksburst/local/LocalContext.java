package dev.aksburst.local;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The {@link ExecutionContext} of one local invocation: a fresh invocation id and the logger the
 * host gives the function ({@code Function.<name>}, as the Functions host names it).
 */
record LocalContext(String functionName, String invocationId) implements ExecutionContext {
  LocalContext {
    Objects.requireNonNull(functionName, "functionName");
    Objects.requireNonNull(invocationId, "invocationId");
  }

  static LocalContext of(String functionName) {
    return new LocalContext(functionName, UUID.randomUUID().toString());
  }

  @Override
  public Logger getLogger() {
    return Logger.getLogger("Function." + functionName);
  }

  @Override
  public String getInvocationId() {
    return invocationId;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }
}
