package dev.holdfast.app;

import dev.holdfast.HoldfastException.InputException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.i18n.Messages;
import dev.holdfast.store.DuckDbStore;
import dev.holdfast.web.WebServer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code holdfast serve}: the read-only dashboard and its JSON API, on the loopback address unless told otherwise. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false)
final class ServeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin Main.StoreOptions storeOptions = new Main.StoreOptions();

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = WebServer.DEFAULT_HOST, descriptionKey = "serve.host")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", descriptionKey = "serve.port")
  int port;

  @Option(names = "--release-after", paramLabel = "SECONDS", defaultValue = "" + DEFAULT_RELEASE_SECONDS, descriptionKey = "serve.release_after")
  int releaseAfter;

  /** How long the dashboard keeps its store open without a request, so that imports can run meanwhile. */
  static final int DEFAULT_RELEASE_SECONDS = 10;

  private final Map<String, String> environment;
  private final Clock clock;

  ServeCommand(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public Integer call() throws InterruptedException {
    HoldfastConfig config = storeOptions.load(environment);
    Messages messages = Messages.of(config.locale());
    checkPort(port, messages);
    if (releaseAfter < 0) {
      throw new InputException(messages.get("serve.bad_release_after", releaseAfter));
    }
    serve(config, host, port, releaseAfter, clock, spec.commandLine().getOut());
    return 0;
  }

  /** Refuses a port no server can listen on (0 lets the system pick a free one), before anything is opened. */
  static void checkPort(int port, Messages messages) {
    if (port < 0 || port > 65_535) {
      throw new InputException(messages.get("serve.bad_port", port));
    }
  }

  /**
   * Serves the store until the process is stopped (Ctrl+C): opened only while requests come, and closed after
   * {@code releaseAfter} seconds without one (0: kept open until the server stops).
   */
  static void serve(HoldfastConfig config, String host, int port, int releaseAfter, Clock clock, PrintWriter out) throws InterruptedException {
    Messages messages = Messages.of(config.locale());
    // opened once first (and migrated where it is older), so that a file that is no store, or one another process has
    // open, is said at once; the dashboard itself only reads it, read-only, as other reading commands do beside it
    DuckDbStore first = DuckDbStore.openToRead(config);
    if (releaseAfter > 0) {
      first.close();
    }
    DuckDbStore held = releaseAfter > 0 ? null : first;
    WebServer server = held != null ? new WebServer(held, config, clock)
        : WebServer.releasing(config, clock, java.time.Duration.ofSeconds(releaseAfter));
    int bound;
    try {
      bound = server.start(host, port);
    } catch (RuntimeException e) {
      server.close();
      if (held != null) {
        held.close();
      }
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      if (held != null) {
        held.close();
      }
    }));
    out.println(messages.get("serve.started", "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound + "/",
        config.storePath().toAbsolutePath().normalize()));
    if (releaseAfter > 0) {
      out.println(messages.get("serve.releases", releaseAfter));
    }
    out.flush();
    server.awaitStop();
  }
}
