package dev.holdfast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that finds its store open in another process waits for it (store.lock_wait_seconds) instead of failing
 * at once: a scheduled import beside a dashboard that lets go of its store when idle. With a real second process,
 * since one process may open a DuckDB file twice.
 */
class StoreLockWaitTest {
  @TempDir Path folder;

  @Test
  void aCommand_waitsForAStoreAnotherProcessLetsGo_andSaysSoOnce() throws Exception {
    Path store = folder.resolve("busy.duckdb");
    dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC).close();
    Process holder = holdInChild(store, 2500);
    long started = System.nanoTime();
    PrintStream original = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    CliTest.Run run;
    try {
      System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
      run = holdfast(Map.of(), "status", "--store", store.toString(), "--format", "json");
    } finally {
      System.setErr(original);
    }
    double waited = (System.nanoTime() - started) / 1e9;
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"customers\" : 0");
    assertThat(waited).as("it waited for the other process").isGreaterThan(1.0);
    String text = said.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("store " + store + " is in use by another process (PID " + holder.pid() + "); waiting up to 30 s for it to let go"
        + " (store.lock_wait_seconds) …");
    assertThat(text.split("waiting up to", -1)).as("said once").hasSize(2);
    assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void withoutAWait_orAfterIt_theOtherProcessIsNamed() throws Exception {
    Path store = folder.resolve("held.duckdb");
    dev.holdfast.store.DuckDbStore.open(store, java.time.ZoneOffset.UTC).close();
    Process holder = holdInChild(store, 60_000);
    try {
      long started = System.nanoTime();
      CliTest.Run now = holdfast(Map.of("HOLDFAST_STORE_LOCK_WAIT_SECONDS", "0"), "status", "--store", store.toString());
      assertThat(now.exit()).isEqualTo(1);
      assertThat(now.err()).startsWith("error: store " + store + " is being written by another process (PID " + holder.pid() + ":");
      assertThat((System.nanoTime() - started) / 1e9).as("no wait").isLessThan(10);
      CliTest.Run later = holdfast(Map.of("HOLDFAST_STORE_LOCK_WAIT_SECONDS", "1"), "status", "--store", store.toString());
      assertThat(later.exit()).isEqualTo(1);
      assertThat(later.err()).startsWith("error: store " + store + " is being written by another process (PID " + holder.pid() + ":");
      assertThat(holdfast(Map.of("HOLDFAST_STORE_LOCK_WAIT_SECONDS", "0"), "status", "--store", store.toString(), "--lang", "ru").err())
          .startsWith("ошибка: в хранилище " + store + " пишет другой процесс (PID " + holder.pid() + ":");
    } finally {
      holder.destroy();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static CliTest.Run holdfast(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
    return new CliTest.Run(exit, out.toString(), err.toString());
  }

  private Process holdInChild(Path store, long millis) throws Exception {
    return holdInChild(store, millis, folder);
  }

  /** A child process that opens {@code store} for writing, says so, and keeps it open for {@code millis}: {@link Holder}. */
  static Process holdInChild(Path store, long millis, Path folder) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path temporary = Files.createDirectories(folder.resolve("tmp"));
    Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + temporary, "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
        store.toString(), Long.toString(millis)).redirectErrorStream(true).start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(lines.readLine()).as("the child's first line").isEqualTo("open");
    return child;
  }

  /** Opens a store, says so, keeps it open for the time asked, then lets it go. */
  static final class Holder {
    public static void main(String[] args) throws Exception {
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
        System.out.println(connection.isClosed() ? "closed" : "open");
        System.out.flush();
        Thread.sleep(Long.parseLong(args[1]));
      }
    }
  }
}
