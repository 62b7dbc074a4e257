package io.entente.node.api;

import io.entente.node.auth.TokenStore;
import io.entente.node.auth.Users;
import io.entente.node.consortium.NodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node's HTTPS API on Jetty 12 (core handlers, no servlets): the routes below, TLS from {@link
 * ApiTls}, bounded threads, headers, bodies and idle time ({@link ApiLimits}).
 *
 * <p>Wiring is explicit: {@link #start} takes every collaborator; {@link #fromConfig} reads the
 * files a node configuration names (API key and certificate, users file) and starts the server on
 * the configured endpoint. {@link #close} stops accepting, ends open event streams and waits up to
 * {@link ApiLimits#STOP_TIMEOUT} for requests in flight.
 */
public final class ApiServer implements AutoCloseable {
  /** The OpenAPI document the node serves, a resource of this module. */
  public static final String OPENAPI_RESOURCE = "/openapi/entente-v1.yaml";

  /** Where to listen; port 0 picks a free one. */
  public record Settings(String host, int port) {
    public Settings {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port " + port);
      }
    }
  }

  /**
   * A route as the OpenAPI document lists it, and who may call it: PUBLIC, TOKEN (any token), READ,
   * SUBMIT, APPROVE or MANAGE (docs/api.md).
   */
  public record RouteInfo(String method, String template, String access) {}

  private final Server server;
  private final ServerConnector connector;
  private final List<Route> routes;
  private final EventStream events;
  private final Handler pages;

  private ApiServer(
      Server server,
      ServerConnector connector,
      List<Route> routes,
      EventStream events,
      Handler pages) {
    this.server = server;
    this.connector = connector;
    this.routes = routes;
    this.events = events;
    this.pages = pages;
  }

  /**
   * Starts the API of the node {@code config} describes, on its configured {@code api} endpoint:
   * see {@link #fromConfig(NodeConfig, Settings, NodeBackend, NodeMetrics, Clock)}.
   */
  public static ApiServer fromConfig(
      NodeConfig config, NodeBackend backend, NodeMetrics metrics, Clock clock) throws Exception {
    return fromConfig(config, backend, metrics, clock, NO_PAGES);
  }

  /**
   * Pages served on the API's port beside it (the dashboard), built once the users file is read.
   * The handler answers the paths it serves and returns {@code false} for the rest, which go to the
   * API.
   */
  public interface Pages {
    Handler create(Users users);
  }

  /** No pages: every path is the API's. */
  public static final Pages NO_PAGES = users -> null;

  /** As {@link #fromConfig(NodeConfig, NodeBackend, NodeMetrics, Clock)}, with pages beside it. */
  public static ApiServer fromConfig(
      NodeConfig config, NodeBackend backend, NodeMetrics metrics, Clock clock, Pages pages)
      throws Exception {
    return fromConfig(
        config,
        new Settings(config.api().host(), config.api().port()),
        backend,
        metrics,
        clock,
        pages);
  }

  /**
   * Starts the API of the node {@code config} describes on {@code listen} (tests pass port 0):
   * decrypts the API key ({@code keys.apiKey}, with the node's password file) and reads its
   * certificate ({@code keys.apiCertificate}), reads the users file ({@code usersFile}, which must
   * be of the node's institution), and issues tokens valid for {@code api.tokenLifetimeSeconds}.
   * The request signer, if any, is the backend's ({@link RequestSigner#fromConfig} loads the one
   * the configuration names).
   *
   * @throws IllegalArgumentException naming the file or value that does not fit, or if {@code
   *     backend} serves another institution or suite than {@code config}
   */
  public static ApiServer fromConfig(
      NodeConfig config, Settings listen, NodeBackend backend, NodeMetrics metrics, Clock clock)
      throws Exception {
    return fromConfig(config, listen, backend, metrics, clock, NO_PAGES);
  }

  /** As {@link #fromConfig(NodeConfig, Settings, NodeBackend, NodeMetrics, Clock)}, with pages. */
  public static ApiServer fromConfig(
      NodeConfig config,
      Settings listen,
      NodeBackend backend,
      NodeMetrics metrics,
      Clock clock,
      Pages pages)
      throws Exception {
    if (!backend.institution().equals(config.institution())
        || backend.suite().id() != config.suite()) {
      throw new IllegalArgumentException(
          "the backend serves "
              + backend.institution()
              + " ("
              + backend.suite().id().label()
              + "), but the node configuration is of "
              + config.institution()
              + " ("
              + config.suite().label()
              + ")");
    }
    SecureRandom random = new SecureRandom();
    SSLContext tls =
        ApiTls.fromFiles(
            config.keys().apiKey(), config.passwordSource(), config.keys().apiCertificate());
    Users users = Users.read(config.usersFile(), config.institution(), random);
    TokenStore tokens = new TokenStore(clock, random, config.apiTokenLifetime());
    return start(listen, tls, backend, users, tokens, metrics, clock, pages.create(users));
  }

  /** Builds and starts the server. */
  public static ApiServer start(
      Settings settings,
      SSLContext tls,
      NodeBackend backend,
      Users users,
      TokenStore tokens,
      NodeMetrics metrics,
      Clock clock)
      throws Exception {
    return start(settings, tls, backend, users, tokens, metrics, clock, null);
  }

  /** Builds and starts the server, with {@code pages} (or null) answering before the API. */
  public static ApiServer start(
      Settings settings,
      SSLContext tls,
      NodeBackend backend,
      Users users,
      TokenStore tokens,
      NodeMetrics metrics,
      Clock clock,
      Handler pages)
      throws Exception {
    EventStream events = new EventStream(backend, metrics);
    SubmitEndpoints submit = new SubmitEndpoints(backend, clock);
    List<Route> routes = new java.util.ArrayList<>();
    routes.addAll(
        routes(
            new ReadEndpoints(backend, metrics, openApiDocument()),
            submit,
            events,
            new AuthEndpoints(users, tokens, clock)));
    routes.addAll(new ColendingEndpoints(backend, submit, events).routes());
    routes.addAll(new GovernanceEndpoints(backend, submit, clock).routes());
    routes = List.copyOf(routes);

    QueuedThreadPool threads = new QueuedThreadPool(ApiLimits.THREADS_MAX, ApiLimits.THREADS_MIN);
    threads.setName("api");
    Server server = new Server(threads);
    server.setStopTimeout(ApiLimits.STOP_TIMEOUT.toMillis());
    server.setErrorHandler(new ProblemErrorHandler());

    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(ApiLimits.REQUEST_HEADER_BYTES_MAX);
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    // The certificate need not name the host a client used (loopback tests, IP addresses): clients
    // check the name themselves.
    http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));

    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setSslContext(tls);
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");

    ServerConnector connector =
        new ServerConnector(
            server,
            new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(http));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    connector.setIdleTimeout(ApiLimits.IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    Handler api = new Dispatcher(new Router(routes), tokens, backend, metrics);
    server.setHandler(pages == null ? api : new Handler.Sequence(pages, api));
    server.start();
    return new ApiServer(server, connector, routes, events, pages);
  }

  /**
   * Every route of the API. The OpenAPI document must list exactly these (a test checks both ways).
   */
  private static List<Route> routes(
      ReadEndpoints read, SubmitEndpoints submit, EventStream events, AuthEndpoints auth) {
    return List.of(
        new Route("GET", "/health/live", Route.Access.PUBLIC, read::live),
        new Route("GET", "/health/ready", Route.Access.PUBLIC, read::ready),
        new Route("GET", "/metrics", Route.Access.PUBLIC, read::metrics),
        new Route("GET", "/v1/openapi.yaml", Route.Access.PUBLIC, read::openApi),
        new Route("POST", "/v1/auth/tokens", Route.Access.PUBLIC, auth::issue),
        new Route("POST", "/v1/auth/tokens/rotate", Route.Access.TOKEN, auth::rotate),
        new Route("DELETE", "/v1/auth/tokens/current", Route.Access.TOKEN, auth::revokeCurrent),
        new Route(
            "DELETE", "/v1/auth/users/{username}/tokens", Route.Access.MANAGE, auth::revokeUser),
        new Route("GET", "/v1/status", Route.Access.READ, read::nodeStatus),
        new Route("GET", "/v1/channels/{channel}/status", Route.Access.READ, read::channelStatus),
        new Route("GET", "/v1/channels/{channel}/health", Route.Access.READ, read::channelHealth),
        new Route(
            "POST",
            "/v1/channels/{channel}/transactions",
            Route.Access.SUBMIT,
            submit::transactions),
        new Route(
            "POST", "/v1/channels/{channel}/requests", Route.Access.TOKEN, submit::userRequest),
        new Route("GET", "/v1/channels/{channel}/blocks/{height}", Route.Access.READ, read::block),
        new Route(
            "GET",
            "/v1/channels/{channel}/transactions/{txId}/proof",
            Route.Access.READ,
            read::proof),
        new Route("GET", "/v1/channels/{channel}/events", Route.Access.READ, events::events));
  }

  /** The OpenAPI document as served: the resource's bytes, unchanged. */
  public static byte[] openApiDocument() {
    try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + OPENAPI_RESOURCE + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + OPENAPI_RESOURCE, e);
    }
  }

  /** The port the server listens on (the chosen one when started with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  public List<RouteInfo> routes() {
    return routes.stream()
        .map(route -> new RouteInfo(route.method(), route.template(), route.access().name()))
        .toList();
  }

  @Override
  public void close() throws Exception {
    events.stop();
    if (pages instanceof AutoCloseable closeable) {
      // Live pages end before the server waits for open requests to finish.
      closeable.close();
    }
    server.stop();
  }
}
