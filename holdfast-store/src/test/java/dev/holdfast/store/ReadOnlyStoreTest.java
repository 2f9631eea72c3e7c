package dev.holdfast.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.holdfast.HoldfastException.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read open the store read-only ({@link DuckDbStore#openToRead}): several read at once, a store
 * file the user may not write is read, and a store of an older schema is still migrated first. Real processes, since
 * DuckDB's locks are per process.
 */
class ReadOnlyStoreTest {
  @TempDir
  Path folder;

  @Test
  void aCurrentStore_isReadOnly_andRefusesWrites() {
    Path file = folder.resolve("s.duckdb");
    DuckDbStore.open(file, ZoneOffset.UTC).close();
    try (DuckDbStore store = DuckDbStore.openToRead(TestStores.config(file))) {
      assertThat(store.readOnly()).isTrue();
      assertThat(((Number) TestStores.value(store, "SELECT count(*) FROM customers")).longValue()).isZero();
      assertThatThrownBy(() -> {
        try (Statement statement = store.connection().createStatement()) {
          statement.execute("INSERT INTO customers (id, created) VALUES ('C1', TIMESTAMP '2024-01-01 00:00:00')");
        }
      }).isInstanceOf(SQLException.class).hasMessageContaining("read-only");
    }
    try (DuckDbStore store = DuckDbStore.open(TestStores.config(file))) {
      assertThat(store.readOnly()).isFalse();
    }
  }

  @Test
  void anOlderStore_isMigratedFirst() {
    Path file = folder.resolve("old.duckdb");
    DuckDbStore.open(file, ZoneOffset.UTC, "3").close();
    try (DuckDbStore store = DuckDbStore.openToRead(TestStores.config(file))) {
      assertThat(store.schemaVersion()).isEqualTo(DuckDbStore.SCHEMA_VERSION);
      assertThat(store.readOnly()).as("opened for writing, to migrate").isFalse();
    }
    try (DuckDbStore store = DuckDbStore.openToRead(TestStores.config(file))) {
      assertThat(store.readOnly()).as("current now").isTrue();
    }
  }

  @Test
  void whileAnotherProcessReads_thisOneReadsToo_butCannotWrite() throws Exception {
    Path file = folder.resolve("shared.duckdb");
    DuckDbStore.open(file, ZoneOffset.UTC).close();
    Process reader = child(List.of(), file, "hold");
    try {
      assertThat(line(reader)).isEqualTo("read-only");
      var noWait = TestStores.config(file, Map.of("store.lock_wait_seconds", "0"));
      try (DuckDbStore store = DuckDbStore.openToRead(noWait)) {
        assertThat(store.readOnly()).isTrue();
        assertThat(store.schemaVersion()).isEqualTo(DuckDbStore.SCHEMA_VERSION);
      }
      assertThatThrownBy(() -> DuckDbStore.open(noWait).close()).isInstanceOf(StoreException.class)
          .hasMessageContaining("is in use by another process (PID " + reader.pid() + ":");
    } finally {
      reader.destroy();
      assertThat(reader.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * A store file the user may read but not write, nor create files beside: read. Run as the unprivileged user
   * {@code nobody} where the tests run as root (root writes any file), otherwise as the user with the file's write
   * permission taken away.
   */
  @Test
  void aStoreTheUserMayNotWrite_isRead() throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path setpriv = Path.of("/usr/bin/setpriv");
    assumeTrue(!root || Files.isExecutable(setpriv), "running as root without /usr/bin/setpriv to run a child as another user");
    Path shared = Files.createTempDirectory(Path.of("/tmp"), "holdfast-ro-");
    try {
      Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path file = shared.resolve("readable.duckdb");
      try (DuckDbStore store = DuckDbStore.open(file, ZoneOffset.UTC)) {
        TestStores.execute(store, "INSERT INTO customers (id, created) VALUES ('C1', TIMESTAMP '2024-01-01 00:00:00'), "
            + "('C2', TIMESTAMP '2024-02-01 00:00:00')");
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
      List<String> as = new ArrayList<>();
      Path classpath = shared.resolve("classpath");
      if (root) {
        as.addAll(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
      } else {
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("r-xr-xr-x"));
      }
      String path = root ? readableCopy(classpath) : System.getProperty("java.class.path");
      Process read = child(as, file, "count", path, shared);
      assertThat(read.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String said = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(said).as("the child's output").contains("read-only 2 customers");
      assertThat(read.exitValue()).as(said).isZero();
      Process write = child(as, file, "write", path, shared);
      assertThat(write.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String refused = new String(write.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(refused).as("opening it for writing is what the user may not do").contains("refused: cannot open store");
    } finally {
      Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
      try (Stream<Path> all = Files.walk(shared)) {
        for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /**
   * This test run's class path where another user can read it: the jars linked (or copied) into {@code into}, the
   * folders of classes copied into {@code into/dirs/N}.
   */
  private static String readableCopy(Path into) throws IOException {
    Files.createDirectories(into.resolve("dirs"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path source = Path.of(entry);
      if (Files.isDirectory(source)) {
        Path copy = into.resolve("dirs").resolve(Integer.toString(n++));
        try (Stream<Path> all = Files.walk(source)) {
          for (Path path : all.toList()) {
            Path target = copy.resolve(source.relativize(path).toString());
            if (Files.isDirectory(path)) {
              Files.createDirectories(target);
            } else {
              Files.copy(path, target);
            }
          }
        }
        entries.add(copy.toString());
      } else if (Files.isRegularFile(source)) {
        Path target = into.resolve(n++ + "-" + source.getFileName());
        try {
          Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(source, target);
        }
        entries.add(target.toString());
      }
    }
    try (Stream<Path> all = Files.walk(into)) {
      for (Path path : all.toList()) {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private Process child(List<String> as, Path file, String mode) throws IOException {
    return child(as, file, mode, System.getProperty("java.class.path"), folder);
  }

  private static Process child(List<String> as, Path file, String mode, String classpath, Path folder) throws IOException {
    List<String> command = new ArrayList<>(as);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=/tmp",
        "-cp", classpath, Child.class.getName(), file.toString(), mode));
    return new ProcessBuilder(command).directory(Path.of("/tmp").toFile()).redirectErrorStream(true).start();
  }

  private static String line(Process process) throws IOException {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  /**
   * Opens a store as a reading command does and says how ({@code hold}: then keeps it open a minute; {@code count}:
   * says how many customers it holds), or tries to open it for writing ({@code write}) and says whether it may.
   */
  static final class Child {
    public static void main(String[] args) throws Exception {
      var config = TestStores.config(Path.of(args[0]), Map.of("store.lock_wait_seconds", "0"));
      if (args[1].equals("write")) {
        try (DuckDbStore store = DuckDbStore.open(config)) {
          System.out.println("opened for writing");
        } catch (StoreException e) {
          System.out.println("refused: " + e.getMessage());
        }
        return;
      }
      try (DuckDbStore store = DuckDbStore.openToRead(config)) {
        String how = store.readOnly() ? "read-only" : "read-write";
        if (args[1].equals("count")) {
          System.out.println(how + " " + TestStores.value(store, "SELECT count(*) FROM customers") + " customers");
        } else {
          System.out.println(how);
          System.out.flush();
          Thread.sleep(60_000);
        }
      }
    }
  }
}
