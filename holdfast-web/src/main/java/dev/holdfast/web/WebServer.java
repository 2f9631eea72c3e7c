package dev.holdfast.web;

import dev.holdfast.HoldfastException;
import dev.holdfast.config.HoldfastConfig;
import dev.holdfast.store.DuckDbStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The read-only dashboard of one store and its JSON API (under {@code /api/v1}, described at
 * {@code /api/openapi.json}), served by Javalin on a host and port of the caller's choosing.
 *
 * <p>Starting it begins computing the overview's figures in the background, so that the first visitor finds
 * them ready; computed figures are kept per (question, data version). A store given to the constructor stays
 * open for as long as the server runs and is closed by its owner, not by the server; while the server runs, that
 * store's connection is the server's: the metrics engine keeps temporary tables on it, so nothing else may query
 * it at the same time (close the server first). A server made by {@link #releasing} opens the configured store
 * itself when a request comes and closes it when none has come for a while (see {@link StoreLease}).
 *
 * <pre>{@code
 * try (DuckDbStore store = DuckDbStore.open(config); WebServer server = new WebServer(store, config, Clock.systemUTC())) {
 *   int port = server.start(WebServer.DEFAULT_HOST, WebServer.DEFAULT_PORT);
 *   ...
 * }
 * }</pre>
 */
public final class WebServer implements AutoCloseable {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  private static final Logger LOG = Logger.getLogger(WebServer.class.getName());
  private static final String PROBLEM = "application/problem+json";

  private final StoreLease lease;
  private final Api api;
  private final HoldfastConfig config;
  private Javalin app;
  private Thread warming;
  private CountDownLatch stopped = new CountDownLatch(1);

  public WebServer(DuckDbStore store, HoldfastConfig config, Clock clock) {
    this(store, config, clock, Duration.ofSeconds(2));
  }

  /** With how long a reading of the data version is trusted: zero reads it on every request (tests that write while serving). */
  WebServer(DuckDbStore store, HoldfastConfig config, Clock clock, Duration versionTtl) {
    this(StoreLease.held(store, config, clock, versionTtl), config);
  }

  /**
   * Serves the configured store, opening it when a request comes and closing it after {@code releaseAfter} without
   * one, so that an import, {@code train} or {@code score} can run on the same file while the dashboard stays up
   * (a request that comes meanwhile is answered 503: the store is busy).
   */
  public static WebServer releasing(HoldfastConfig config, Clock clock, Duration releaseAfter) {
    return new WebServer(StoreLease.releasing(config, clock, Duration.ofSeconds(2), releaseAfter), config);
  }

  /** The same, with how long a reading of the data version is trusted: for tests. */
  static WebServer releasing(HoldfastConfig config, Clock clock, Duration releaseAfter, Duration versionTtl) {
    return new WebServer(StoreLease.releasing(config, clock, versionTtl, releaseAfter), config);
  }

  private WebServer(StoreLease lease, HoldfastConfig config) {
    this.config = config;
    this.lease = lease;
    this.api = new Api(lease::current);
  }

  /** Whether the server has its store open now: for tests. */
  boolean holdsStore() {
    return lease.isOpen();
  }

  /**
   * Starts serving on {@code host} and {@code port} (0 picks a free port) and returns the port bound.
   *
   * @throws IllegalStateException when the server is already running
   * @throws HoldfastException when the port cannot be bound
   */
  public synchronized int start(String host, int port) {
    if (app != null) {
      throw new IllegalStateException("the dashboard is already running on port " + app.port());
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("a port is between 0 and 65535: " + port);
    }
    requireLocalAddress(host, port);
    Javalin created = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.staticFiles.enableWebjars();
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/assets";
        files.directory = Assets.FOLDER;
        files.location = Location.CLASSPATH;
      });
      // a method other than GET or HEAD on a path that exists is 405 with the methods allowed, not "no such path"
      cfg.http.prefer405over404 = true;
      for (Api.Operation operation : api.operations()) {
        readable(cfg, Api.PREFIX + operation.path(), context -> answer(context, operation));
      }
      readable(cfg, OpenApi.PATH, context -> json(context, OpenApi.document(api.operations(), version())));
      for (Pages.Page page : Pages.NAVIGATION) {
        readable(cfg, page.path(), context -> page(context, page.name(), null));
      }
      readable(cfg, "/customers/{id}", context -> page(context, "customer", context.pathParam("id")));
      cfg.routes.exception(ApiProblem.class, (problem, context) -> problem(context, problem.status(), problem.title(), problem.getMessage(),
          problem.errors()));
      cfg.routes.exception(HoldfastException.InputException.class, (error, context) -> problem(context, 400,
          text(context).get("error.title"), error.getMessage(), List.of()));
      cfg.routes.exception(Exception.class, (error, context) -> {
        LOG.log(Level.WARNING, "cannot answer " + context.method() + " " + context.path() + ": " + error.getMessage(), error);
        problem(context, 500, text(context).get("error.internal"), error instanceof HoldfastException ? error.getMessage()
            : text(context).get("error.internal_detail"), List.of());
      });
      cfg.routes.error(405, context -> {
        context.header("Allow", "GET, HEAD");
        if (context.path().startsWith("/api/")) {
          problem(context, 405, text(context).get("error.method_not_allowed"), text(context).get("error.method_only_get", context.method().name(),
              context.path()), List.of());
        } else {
          context.contentType("text/plain; charset=utf-8").result(text(context).get("error.method_only_get", context.method().name(), context.path()));
        }
      });
      cfg.routes.error(404, context -> {
        // a problem already written, or a customer's page that says the store has no such customer, is kept
        if (isProblem(context) || context.result() != null && context.path().startsWith("/customers/")) {
          return;
        }
        if (context.path().startsWith("/api/")) {
          problem(context, 404, text(context).get("error.not_found"), text(context).get("error.no_route", context.path()), List.of());
        } else {
          html(context, Pages.notFound(text(context)));
        }
      });
    });
    try {
      created.start(host, port);
    } catch (RuntimeException e) {
      created.stop();
      throw new HoldfastException(WebText.of(config.locale()).get("server.cannot_serve", host, Integer.toString(port), e.getMessage()), e);
    }
    app = created;
    stopped = new CountDownLatch(1);
    warming = new Thread(this::warm, "holdfast-warm");
    warming.setDaemon(true);
    warming.start();
    return app.port();
  }

  /**
   * Refuses a host that names no address of this machine before Jetty tries it: Jetty reports any failure to bind as
   * "Port already in use", which sends the user after the wrong problem.
   */
  private void requireLocalAddress(String host, int port) {
    WebText text = WebText.of(config.locale());
    java.net.InetAddress address;
    try {
      address = java.net.InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      throw new HoldfastException(text.get("server.cannot_serve", host, Integer.toString(port), text.get("server.unknown_host", host)), e);
    }
    boolean local;
    try {
      local = address.isAnyLocalAddress() || address.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(address) != null;
    } catch (java.net.SocketException e) {
      local = true;
    }
    if (!local) {
      throw new HoldfastException(text.get("server.cannot_serve", host, Integer.toString(port),
          text.get("server.not_local", host, address.getHostAddress())));
    }
  }

  /**
   * A path that is read with GET, and with HEAD, which answers with the status and headers GET would (RFC 9110) and no
   * body (the server leaves it out).
   */
  private static void readable(io.javalin.config.JavalinConfig cfg, String path, io.javalin.http.Handler handler) {
    cfg.routes.get(path, handler);
    cfg.routes.head(path, handler);
  }

  /** Stops serving; the store stays open. Stopping a server that is not running does nothing. */
  public synchronized void stop() {
    if (app != null) {
      app.stop();
      app = null;
      stopped.countDown();
    }
    if (warming != null) {
      try {
        warming.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      warming = null;
    }
  }

  /**
   * Blocks until the server is stopped (by {@link #stop()} from another thread, such as a shutdown hook):
   * for a command that serves until it is interrupted. Returns at once when the server is not running.
   */
  public void awaitStop() throws InterruptedException {
    CountDownLatch latch;
    synchronized (this) {
      if (app == null) {
        return;
      }
      latch = stopped;
    }
    latch.await();
  }

  /** Stops serving and releases its connections to the store (a store it was given stays open). */
  @Override
  public void close() {
    stop();
    lease.close();
  }

  /** Waits until the figures computed on start are ready; for tests and benchmarks. */
  public boolean awaitWarm(Duration timeout) throws InterruptedException {
    Thread thread = warming;
    if (thread == null) {
      return true;
    }
    thread.join(timeout.toMillis());
    return !thread.isAlive();
  }

  private void warm() {
    try {
      lease.use(insights -> {
        insights.warm();
        return null;
      });
    } catch (RuntimeException e) {
      // a store that cannot answer is reported when a page asks; the server stays up
      LOG.log(Level.WARNING, "cannot compute the overview in advance: " + e.getMessage(), e);
    }
  }

  private void answer(Context context, Api.Operation operation) {
    Params params = Params.read(context.queryParamMap(), operation.queryNames(), config.locale());
    json(context, lease.use(params.language(), insights -> operation.answer().answer(context.pathParamMap(), params)));
  }

  /** Whether the store holds no such customer; a busy store is asked again by the page, which shows the answer. */
  private boolean unknownCustomer(String customerId, WebText text) {
    try {
      return lease.use(text.locale(), insights -> insights.customer(customerId, text.locale()).isEmpty());
    } catch (ApiProblem busy) {
      return false;
    }
  }

  private void page(Context context, String page, String customerId) {
    WebText text = text(context);
    String title = customerId != null ? text.get("page.customer", customerId) : text.get("page." + page);
    context.header("Content-Security-Policy", Pages.CONTENT_SECURITY_POLICY);
    context.header("X-Content-Type-Options", "nosniff");
    // the page of a customer the store does not hold says so, and so does its status (its data are the API's answer,
    // which the page asks for next and finds kept)
    if (customerId != null && unknownCustomer(customerId, text)) {
      context.status(404);
    }
    html(context, Pages.dashboard(page, title, text, config.currency(), customerId));
  }

  private static void html(Context context, String html) {
    context.contentType("text/html; charset=utf-8");
    context.result(html);
  }

  /** The request's language: its {@code lang} parameter when that is en or ru, else the configured one. */
  private WebText text(Context context) {
    String lang = context.queryParam("lang");
    Locale language = lang == null ? null : WebText.language(lang);
    return WebText.of(language == null ? config.locale() : language);
  }

  private static void json(Context context, Object body) {
    context.contentType("application/json; charset=utf-8");
    context.result(Json.write(body));
  }

  private static void problem(Context context, int status, String title, String detail, List<ApiProblem.FieldError> errors) {
    context.status(status);
    context.contentType(PROBLEM + "; charset=utf-8");
    context.result(Json.write(ApiProblem.document(status, title, detail, context.path(), errors)));
  }

  private static boolean isProblem(Context context) {
    String type = context.res().getContentType();
    return type != null && type.startsWith(PROBLEM);
  }

  /** The version from the jar manifest, or "development" when run from classes, as {@code holdfast --version} says. */
  private static String version() {
    Package about = WebServer.class.getPackage();
    return about.getImplementationVersion() != null ? about.getImplementationVersion() : "development";
  }
}
