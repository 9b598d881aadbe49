package dev.aksburst.app;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use and then shared. A failed build is not remembered: the next call tries
 * again, so a transient failure (ARM briefly unreachable while fetching the cluster's kubeconfig)
 * does not disable the worker until it restarts.
 */
final class Once<T> implements Supplier<T> {
  private final Supplier<T> build;
  private volatile T value;

  Once(Supplier<T> build) {
    this.build = Objects.requireNonNull(build, "build");
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(build.get(), "a lazily built client was null");
          value = v;
        }
      }
    }
    return v;
  }
}
