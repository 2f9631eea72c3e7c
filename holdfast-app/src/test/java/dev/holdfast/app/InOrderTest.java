package dev.holdfast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InOrderTest {
  private final ExecutorService helper = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() throws InterruptedException {
    helper.shutdownNow();
    assertThat(helper.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void items_madeByTheReaderAndTheHelper_comeInOrder_eachMadeOnce() {
    AtomicInteger calls = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Integer> read = new ArrayList<>();
    try (InOrder<Integer> items = new InOrder<>(10_007, 100, i -> {
      calls.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      busy();
      return i * 3;
    }, helper)) {
      for (int item : items) {
        read.add(item);
      }
    }
    assertThat(read).hasSize(10_007);
    for (int i = 0; i < read.size(); i++) {
      assertThat(read.get(i)).isEqualTo(i * 3);
    }
    assertThat(calls).hasValue(10_007);
    // the reader made what the helper had not started: with 101 chunks of slow items both took part
    assertThat(threads).contains(Thread.currentThread().getName()).hasSizeGreaterThan(1);
  }

  @Test
  void noItems_orFewerThanAChunk_areRead() {
    try (InOrder<Integer> none = new InOrder<>(0, 8, i -> i, helper)) {
      assertThat(none.iterator().hasNext()).isFalse();
    }
    List<Integer> read = new ArrayList<>();
    try (InOrder<Integer> few = new InOrder<>(3, 8, i -> i, helper)) {
      few.forEach(read::add);
    }
    assertThat(read).containsExactly(0, 1, 2);
  }

  @Test
  void aFailureToMakeAnItem_isThrownAsItWas_whenItsChunkIsRead() {
    List<Integer> read = new ArrayList<>();
    try (InOrder<Integer> items = new InOrder<>(1_000, 10, i -> {
      if (i == 555) {
        throw new IllegalStateException("item 555 cannot be made");
      }
      return i;
    }, helper)) {
      assertThatThrownBy(() -> items.forEach(read::add))
          .isInstanceOf(IllegalStateException.class).hasMessage("item 555 cannot be made");
    }
    // every item before the failing chunk was read, none after
    assertThat(read).hasSize(550).last().isEqualTo(549);
  }

  @Test
  void closed_startsNoMoreChunks() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    try (InOrder<Integer> items = new InOrder<>(100_000, 10, i -> {
      calls.incrementAndGet();
      busy();
      return i;
    }, helper)) {
      items.iterator().next();
    }
    helper.shutdown();
    assertThat(helper.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    // at most the reader's chunk, the one the helper was making and the ones it had finished
    assertThat(calls.get()).isLessThan(100_000);
  }

  /** Some work, so that the helper and the reader overlap. */
  private static void busy() {
    long until = System.nanoTime() + 2_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }
}
