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

  private final Map<String, String> environment;
  private final Clock clock;

  ServeCommand(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public Integer call() throws InterruptedException {
    HoldfastConfig config = storeOptions.load(environment);
    checkPort(port, Messages.of(config.locale()));
    serve(config, host, port, clock, spec.commandLine().getOut());
    return 0;
  }

  /** Refuses a port no server can listen on (0 lets the system pick a free one), before anything is opened. */
  static void checkPort(int port, Messages messages) {
    if (port < 0 || port > 65_535) {
      throw new InputException(messages.get("serve.bad_port", port));
    }
  }

  /** Serves the store until the process is stopped (Ctrl+C). */
  static void serve(HoldfastConfig config, String host, int port, Clock clock, PrintWriter out) throws InterruptedException {
    Messages messages = Messages.of(config.locale());
    DuckDbStore store = DuckDbStore.open(config);
    WebServer server = new WebServer(store, config, clock);
    int bound;
    try {
      bound = server.start(host, port);
    } catch (RuntimeException e) {
      server.close();
      store.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      store.close();
    }));
    out.println(messages.get("serve.started", "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound + "/", store.file()));
    out.flush();
    server.awaitStop();
  }
}
