package dev.holdfast.app;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Items {@code 0 … count − 1} made in chunks by a helper thread and by the thread that reads them, and read in order:
 * while the reader hands one chunk on (to a database appender, which keeps one processor busy), the helper makes the
 * next ones, and a reader that finds the next chunk not yet started makes it itself. Chunks are claimed in order, so
 * the helper stays ahead of the reader and nothing is made twice.
 *
 * <p>A failure to make an item is thrown by {@link Iterator#next()} as it was thrown; {@link #close()} stops the
 * helper from starting more chunks when the reader gives up early.
 */
final class InOrder<T> implements Iterable<T>, AutoCloseable {
  private final int count;
  private final int chunk;
  private final IntFunction<T> make;
  private final int chunks;
  private final AtomicInteger claimed = new AtomicInteger();
  private final CompletableFuture<Object[]>[] made;
  private boolean iterated;

  @SuppressWarnings("unchecked")
  InOrder(int count, int chunk, IntFunction<T> make, Executor helper) {
    if (count < 0 || chunk < 1) {
      throw new IllegalArgumentException("count " + count + " and chunk " + chunk);
    }
    this.count = count;
    this.chunk = chunk;
    this.make = make;
    this.chunks = (count + chunk - 1) / chunk;
    this.made = new CompletableFuture[chunks];
    for (int k = 0; k < chunks; k++) {
      made[k] = new CompletableFuture<>();
    }
    if (chunks > 1) {
      helper.execute(() -> {
        while (makeNext()) {
          // claims chunks in order until none is left
        }
      });
    }
  }

  /** Claims the next chunk nobody has started and makes it; false when every chunk is claimed. */
  private boolean makeNext() {
    int k = claimed.getAndIncrement();
    if (k >= chunks) {
      return false;
    }
    int first = k * chunk;
    Object[] items = new Object[Math.min(count, first + chunk) - first];
    try {
      for (int i = 0; i < items.length; i++) {
        items[i] = make.apply(first + i);
      }
      made[k].complete(items);
    } catch (RuntimeException | Error e) {
      made[k].completeExceptionally(e);
    }
    return true;
  }

  @Override
  public Iterator<T> iterator() {
    if (iterated) {
      throw new IllegalStateException("the items are made once and can be read once");
    }
    iterated = true;
    return new Iterator<>() {
      private int next;
      private Object[] items = new Object[0];
      private int at;
      private int chunkNo = -1;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      @SuppressWarnings("unchecked")
      public T next() {
        if (next >= count) {
          throw new NoSuchElementException();
        }
        if (at == items.length) {
          chunkNo++;
          // rather than wait for the helper, make the chunks nobody has started until this one is done
          while (!made[chunkNo].isDone() && makeNext()) {
            // made one more chunk ahead
          }
          items = take(made[chunkNo]);
          at = 0;
        }
        next++;
        return (T) items[at++];
      }
    };
  }

  private static Object[] take(CompletableFuture<Object[]> chunk) {
    try {
      return chunk.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** No chunk is started after this; one being made is finished. */
  @Override
  public void close() {
    claimed.set(chunks);
  }
}
