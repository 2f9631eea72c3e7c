package dev.holdfast.web;

import dev.holdfast.HoldfastException.StoreException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.store.DuckDbStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store as the dashboard uses it. One process at a time may have a DuckDB file open, so a server that held its
 * store for as long as it ran would make every import, {@code train} and {@code score} wait for it to stop. A lease
 * that releases opens the store when a request comes and closes it once no request has come for {@code idle}; a
 * request that finds another process holding the store is answered 503, saying so. The results computed are kept
 * across openings, by the data version, so unchanged data are not computed again. A held lease keeps one store open
 * until it is closed (tests, the report, and {@code serve --release-after 0}).
 */
final class StoreLease implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StoreLease.class.getName());

  private final Supplier<DuckDbStore> opener;
  private final boolean owned;
  private final HoldfastConfig config;
  private final Clock clock;
  private final Duration versionTtl;
  private final Duration idle;
  private final Map<String, Object> cache = Insights.newCache();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ThreadLocal<Insights> inUse = new ThreadLocal<>();
  private final Object opening = new Object();
  private final ScheduledExecutorService releaser;
  private volatile DuckDbStore store;
  private volatile Insights insights;
  private volatile long lastUsed = System.nanoTime();

  private StoreLease(Supplier<DuckDbStore> opener, boolean owned, DuckDbStore held, HoldfastConfig config, Clock clock, Duration versionTtl,
      Duration idle) {
    this.opener = opener;
    this.owned = owned;
    this.config = config;
    this.clock = clock;
    this.versionTtl = versionTtl;
    this.idle = idle;
    if (held != null) {
      this.store = held;
      this.insights = new Insights(held, config, clock, versionTtl, cache);
    }
    if (idle == null) {
      releaser = null;
    } else {
      releaser = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "holdfast-store-release");
        thread.setDaemon(true);
        return thread;
      });
      long every = Math.max(100, Math.min(1000, idle.toMillis() / 4));
      releaser.scheduleWithFixedDelay(this::releaseIfIdle, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** A store opened by the caller, used for as long as the lease lives and left open when it closes. */
  static StoreLease held(DuckDbStore store, HoldfastConfig config, Clock clock, Duration versionTtl) {
    return new StoreLease(() -> store, false, store, config, clock, versionTtl, null);
  }

  /** The configured store, opened when a request needs it and closed after {@code idle} without one. */
  static StoreLease releasing(HoldfastConfig config, Clock clock, Duration versionTtl, Duration idle) {
    if (idle.isZero() || idle.isNegative()) {
      throw new IllegalArgumentException("a store is released after a positive time without requests, not " + idle);
    }
    // a request does not wait for a store another process is writing to: it is told the store is busy at once
    HoldfastConfig noWait = config.withLockWaitSeconds(0);
    return new StoreLease(() -> DuckDbStore.openToRead(noWait), true, null, config, clock, versionTtl, idle);
  }

  /**
   * Runs {@code work} with the store open (opening it first where it is closed), so that it is not released
   * meanwhile; {@link #current()} gives the same insights inside it.
   *
   * @throws ApiProblem 503 when another process has the store open
   */
  <T> T use(java.util.function.Function<Insights, T> work) {
    return use(config.locale(), work);
  }

  /** The same, saying that the store is busy in {@code language}. */
  <T> T use(java.util.Locale language, java.util.function.Function<Insights, T> work) {
    Insights outer = inUse.get();
    if (outer != null) {
      return work.apply(outer);
    }
    // requests share the store (the read lock); the releaser closes it only when none holds it (the write lock)
    lock.readLock().lock();
    try {
      Insights open = insights;
      if (open == null) {
        synchronized (opening) {
          open = open(language);
        }
      }
      lastUsed = System.nanoTime();
      inUse.set(open);
      try {
        return work.apply(open);
      } finally {
        inUse.remove();
        lastUsed = System.nanoTime();
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The insights of the request being answered: only inside {@link #use}. */
  Insights current() {
    Insights open = inUse.get();
    if (open == null) {
      throw new IllegalStateException("the store is used outside a request");
    }
    return open;
  }

  /** Whether the store is open now: for tests. */
  boolean isOpen() {
    return insights != null;
  }

  private Insights open(java.util.Locale language) {
    if (insights != null) {
      return insights;
    }
    WebText text = WebText.of(language);
    if (owned && !java.nio.file.Files.isRegularFile(config.storePath())) {
      // moved or deleted while the dashboard ran: said, instead of opening (so creating) an empty store in its place
      throw new ApiProblem(503, text.get("error.store_unavailable"),
          dev.holdfast.i18n.Messages.of(language).get("cli.store_missing", config.storePath()), List.of());
    }
    DuckDbStore opened;
    try {
      opened = opener.get();
    } catch (StoreException e) {
      // most often an import, train or score running on the same file: the page says so and asks again later
      String holder = DuckDbStore.lockHolder(e);
      if (holder != null) {
        throw new ApiProblem(503, text.get("error.store_busy"), text.get("error.store_busy_detail", holder), List.of());
      }
      throw new ApiProblem(503, text.get("error.store_unavailable"), e.getMessage(), List.of());
    }
    try {
      insights = new Insights(opened, config, clock, versionTtl, cache);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    store = opened;
    return insights;
  }

  private void releaseIfIdle() {
    if (insights == null || System.nanoTime() - lastUsed < idle.toNanos() || !lock.writeLock().tryLock()) {
      return;
    }
    try {
      if (insights != null && System.nanoTime() - lastUsed >= idle.toNanos()) {
        release();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot release the store: " + e.getMessage(), e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void release() {
    Insights closing = insights;
    DuckDbStore closingStore = store;
    insights = null;
    store = null;
    try {
      closing.close();
    } finally {
      if (owned) {
        closingStore.close();
      }
    }
  }

  @Override
  public void close() {
    if (releaser != null) {
      releaser.shutdownNow();
    }
    lock.writeLock().lock();
    try {
      if (insights != null) {
        release();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
