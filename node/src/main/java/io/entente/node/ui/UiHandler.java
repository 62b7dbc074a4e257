package io.entente.node.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.entente.node.api.NodeBackend;
import io.entente.node.auth.AuthLimits;
import io.entente.node.auth.User;
import io.entente.node.auth.Users;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * The bank dashboard (docs/dashboard.md): server-rendered pages under {@code /ui/} on the node's
 * HTTPS port, for the users of the node's institution. A user logs in with the password {@code
 * entente init} issued; the session lives in a {@code __Host-} cookie (Secure, HttpOnly,
 * SameSite=Strict) and every POST must carry the session's CSRF token and, when the browser sends
 * one, an Origin of this node. Every page and file comes from the node: the Content Security Policy
 * allows nothing else.
 */
public final class UiHandler extends Handler.Abstract implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(UiHandler.class.getName());

  static final String ROOT = "/ui/";
  static final String LOGIN = "/ui/login";
  static final String LOGOUT = "/ui/logout";
  static final String CONSORTIUM = "/ui/consortium";
  static final String POSITIONS = "/ui/positions";
  static final String POSITIONS_STREAM = "/ui/positions/stream";
  static final String STATEMENTS = "/ui/statements";
  static final String RECONCILIATION = "/ui/reconciliation";
  static final String PROPOSE = RECONCILIATION + "/propose";
  static final String DECIDE = RECONCILIATION + "/decide";
  static final String LEDGER = "/ui/ledger";
  static final String ASSETS = "/ui/assets/";
  static final String HOME = POSITIONS;
  static final String FAVICON = "/favicon.ico";

  /**
   * The session cookie's name, followed by the node's port: browsers keep cookies per host, not per
   * port, so two nodes on one host (the demo, a bank's two nodes) would otherwise end each other's
   * sessions.
   */
  static final String COOKIE = "__Host-entente-session-";

  static final String CSRF_FIELD = "csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self';"
          + " object-src 'none'";

  private static final String HTML = "text/html; charset=utf-8";

  private final Users users;
  private final NodeBackend backend;
  private final UiSessions sessions;
  private final UiAssets assets;
  private final TemplateEngine templates;
  private final Semaphore logins = new Semaphore(UiLimits.LOGINS_CONCURRENT_MAX);
  private final Semaphore liveStreams = new Semaphore(UiLimits.LIVE_STREAMS_MAX);
  private final PositionsFeed positions;
  private final Clock clock;
  private volatile boolean closed;

  public UiHandler(Users users, NodeBackend backend, Clock clock, SecureRandom random) {
    super(InvocationType.BLOCKING);
    this.users = users;
    this.backend = backend;
    this.clock = clock;
    this.sessions = new UiSessions(clock, random);
    this.positions = new PositionsFeed(backend, clock);
    this.assets = UiAssets.load();
    this.templates =
        TemplateEngine.createPrecompiled(
            null,
            ContentType.Html,
            UiHandler.class.getClassLoader(),
            "io.entente.node.ui.templates");
  }

  /** Whether a request path belongs to the dashboard rather than the JSON API. */
  public static boolean serves(String path) {
    return path.equals("/") || path.equals("/ui") || path.startsWith(ROOT) || path.equals(FAVICON);
  }

  /** What a request gets back. */
  private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    static Answer html(int status, String html) {
      return new Answer(status, HTML, html.getBytes(StandardCharsets.UTF_8), new TreeMap<>());
    }

    static Answer redirect(String location) {
      Map<String, String> headers = new TreeMap<>();
      headers.put(HttpHeader.LOCATION.asString(), location);
      return new Answer(303, null, new byte[0], headers);
    }

    static Answer plain(int status, String text) {
      return new Answer(
          status,
          "text/plain; charset=utf-8",
          text.getBytes(StandardCharsets.UTF_8),
          new TreeMap<>());
    }

    Answer with(String header, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(header, value);
      return new Answer(status, contentType, body, more);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String path = request.getHttpURI().getDecodedPath();
    if (!serves(path)) {
      return false;
    }
    if (path.equals(POSITIONS_STREAM) && method.equals("GET")) {
      streamPositions(request, response, callback);
      return true;
    }
    Answer answer;
    try {
      answer = route(method, path, request);
    } catch (BadForm e) {
      answer = Answer.plain(400, e.getMessage());
    } catch (ForeignOrigin e) {
      LOG.log(Level.WARNING, "dashboard: " + e.getMessage());
      answer = Answer.plain(403, "Forms are accepted only from this node's own pages.");
    } catch (Exception | LinkageError e) {
      LOG.log(Level.ERROR, "dashboard " + method + " " + path + " failed", e);
      answer = Answer.plain(500, "The dashboard failed to answer; the node's log has the details.");
    }
    send(response, answer, callback);
    return true;
  }

  private Answer route(String method, String path, Request request) throws IOException {
    if (path.equals(FAVICON)) {
      return method.equals("GET") ? asset("favicon.svg") : notAllowed();
    }
    if (path.startsWith(ASSETS)) {
      return method.equals("GET") ? asset(path.substring(ASSETS.length())) : notAllowed();
    }
    if (path.equals("/") || path.equals("/ui") || path.equals(ROOT)) {
      return Answer.redirect(HOME);
    }
    if (path.equals(LOGIN)) {
      return switch (method) {
        case "GET" -> loginPage(request);
        case "POST" -> login(request);
        default -> notAllowed();
      };
    }
    Optional<UiSessions.Session> session = session(request);
    if (session.isEmpty()) {
      return method.equals("GET")
          ? Answer.redirect(LOGIN)
          : Answer.plain(401, "Your session has ended; log in again.");
    }
    if (path.equals(LOGOUT)) {
      if (!method.equals("POST")) {
        return notAllowed();
      }
      Map<String, String> form = form(request);
      requireSameOrigin(request);
      if (!session.get().csrfMatches(form.get(CSRF_FIELD))) {
        return Answer.plain(403, "The form is out of date; reload the page and try again.");
      }
      sessions.close(session.get().id());
      return Answer.redirect(LOGIN)
          .with(HttpHeader.SET_COOKIE.asString(), expiredCookie(cookieName(request)));
    }
    if (path.equals(POSITIONS)) {
      return method.equals("GET")
          ? page(
              "positions.jte",
              Map.of(
                  "frame",
                  Frame.of("Positions", POSITIONS, session.get()),
                  "view",
                  PositionsView.of(positions.current())))
          : notAllowed();
    }
    if (path.equals(RECONCILIATION)) {
      if (!method.equals("GET")) {
        return notAllowed();
      }
      org.eclipse.jetty.util.Fields query = Request.extractQueryParameters(request);
      return page(
          "reconciliation.jte",
          Map.of(
              "frame",
              Frame.of("Reconciliation", RECONCILIATION, session.get()),
              "view",
              ReconView.of(
                  backend,
                  positions.current(),
                  new ReconView.Request(
                      query.getValue("agreement"),
                      query.getValue("date"),
                      query.getValue("state"),
                      query.getValue("type"),
                      query.getValue("q")),
                  session.get(),
                  clock.millis(),
                  session.get().takeFlash())));
    }
    if (path.equals(PROPOSE) || path.equals(DECIDE)) {
      if (!method.equals("POST")) {
        return notAllowed();
      }
      Map<String, String> form = form(request);
      requireSameOrigin(request);
      if (!session.get().csrfMatches(form.get(CSRF_FIELD))) {
        return Answer.plain(403, "The form is out of date; reload the page and try again.");
      }
      return breakAction(path.equals(PROPOSE), form, session.get());
    }
    if (path.equals(STATEMENTS)) {
      return method.equals("GET")
          ? page(
              "statements.jte",
              Map.of(
                  "frame",
                  Frame.of("Statements", STATEMENTS, session.get()),
                  "view",
                  StatementsView.of(
                      backend,
                      positions.current(),
                      Request.extractQueryParameters(request).getValue("agreement"),
                      clock.millis())))
          : notAllowed();
    }
    if (path.startsWith(STATEMENTS + "/") && path.endsWith(".csv")) {
      return method.equals("GET") ? statementFile(path, session.get()) : notAllowed();
    }
    if (path.equals(CONSORTIUM)) {
      return method.equals("GET")
          ? page(
              "consortium.jte",
              Map.of(
                  "frame",
                  Frame.of("Consortium", CONSORTIUM, session.get()),
                  "view",
                  ConsortiumView.of(backend, clock.millis()),
                  "governance",
                  GovernancePanel.of(backend, clock.millis())))
          : notAllowed();
    }
    if (path.equals(LEDGER) || path.startsWith(LEDGER + "/")) {
      return method.equals("GET") ? ledger(path, request, session.get()) : notAllowed();
    }
    return Answer.plain(404, "No such page.");
  }

  // Live pages

  /**
   * The Positions page's live feed (server-sent events): a {@code positions} event with the new
   * figures (an HTML fragment htmx swaps in) after every refresh newer than the page's, a comment
   * line every {@link UiLimits#LIVE_HEARTBEAT} otherwise, and {@code session-ended} (which closes
   * the page's feed) once the session has ended. At most {@link UiLimits#LIVE_STREAMS_MAX} at once.
   */
  private void streamPositions(Request request, Response response, Callback callback) {
    Optional<UiSessions.Session> session = session(request);
    if (session.isEmpty()) {
      send(response, Answer.plain(401, "Your session has ended; log in again."), callback);
      return;
    }
    if (!liveStreams.tryAcquire()) {
      send(
          response,
          Answer.plain(503, "Too many live pages are open on this node; reload later.")
              .with(HttpHeader.RETRY_AFTER.asString(), "30"),
          callback);
      return;
    }
    try {
      response.setStatus(200);
      securityHeaders(response);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
      long version = since(request);
      String id = session.get().id();
      while (!closed) {
        if (!sessions.alive(id)) {
          write(response, "event: session-ended\ndata: \n\n");
          break;
        }
        PositionsFeed.Snapshot snapshot;
        try {
          snapshot =
              positions
                  .after(version)
                  .get(
                      UiLimits.LIVE_HEARTBEAT.toMillis(),
                      java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          write(response, ": still here\n\n");
          continue;
        }
        version = snapshot.version();
        StringOutput html = new StringOutput();
        templates.render("positions-table.jte", Map.of("view", PositionsView.of(snapshot)), html);
        StringBuilder event = new StringBuilder("event: positions\n");
        for (String line : html.toString().split("\n", -1)) {
          event.append("data: ").append(line).append('\n');
        }
        write(response, event.append('\n').toString());
      }
      org.eclipse.jetty.io.Content.Sink.write(response, true, ByteBuffer.allocate(0));
      callback.succeeded();
    } catch (java.util.concurrent.ExecutionException e) {
      // The dashboard is stopping: the feed has ended.
      callback.succeeded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
    } catch (IOException | RuntimeException e) {
      // The browser went away or the connection timed out: nothing left to tell it.
      callback.failed(e);
    } finally {
      liveStreams.release();
    }
  }

  private static long since(Request request) {
    String since = Request.extractQueryParameters(request).getValue("since");
    try {
      return since == null ? -1 : Long.parseLong(since);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void write(Response response, String text) throws IOException {
    org.eclipse.jetty.io.Content.Sink.write(
        response, false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Ends the live pages (each answers its last event) and the positions feed. */
  @Override
  public void close() {
    closed = true;
    positions.close();
  }

  // Break actions

  /**
   * Proposes a resolution of a break, or approves or rejects the open proposal, as the session's
   * user: the node signs the request with its client key naming the user and role, as the API does;
   * the answer waits (bounded) for the block and leads back to the page with the outcome.
   */
  private Answer breakAction(
      boolean propose, Map<String, String> form, UiSessions.Session session) {
    String channel = form.getOrDefault("channel", "");
    String breakId = form.getOrDefault("break", "");
    String reason = form.getOrDefault("reason", "").strip();
    io.entente.node.auth.Permission needed =
        propose ? io.entente.node.auth.Permission.SUBMIT : io.entente.node.auth.Permission.APPROVE;
    if (!session.user().may(needed)) {
      return Answer.plain(403, "Your user may not " + (propose ? "propose." : "decide proposals."));
    }
    boolean member =
        backend
            .channelInstitutions(channel)
            .map(members -> members.contains(session.user().institution()))
            .orElse(false);
    Optional<io.entente.app.colending.QueryAnswers.BreakView> found =
        member ? ReconView.breakById(backend, channel, breakId) : Optional.empty();
    if (found.isEmpty()) {
      return Answer.plain(404, "No such break of yours.");
    }
    String back =
        RECONCILIATION
            + "?agreement="
            + channel
            + "/"
            + found.get().agreement()
            + "#break-"
            + breakId;
    if (reason.isEmpty()) {
      session.flash("Give a reason; nothing was sent.");
      return Answer.redirect(back);
    }
    io.entente.core.bytes.Bytes content;
    String type;
    String role;
    String key;
    try {
      if (propose) {
        String choice = form.getOrDefault("record", "");
        Optional<io.entente.app.colending.EventRecord> record =
            ReconView.proposalRecord(backend, channel, found.get(), choice);
        if (!choice.equals("none") && record.isEmpty()) {
          session.flash("That record is no longer there; nothing was sent.");
          return Answer.redirect(back);
        }
        key = "ui-" + digest(session.user().username(), breakId, choice, reason);
        content =
            io.entente.app.colending.Requests.BreakProposal.CODEC.encode(
                new io.entente.app.colending.Requests.BreakProposal(
                    breakId,
                    key,
                    io.entente.app.colending.Requests.ProposalKind.ADJUSTMENT,
                    reason,
                    record.orElse(null)));
        type = io.entente.app.colending.ColendingApplication.BREAK_PROPOSE;
        role = io.entente.node.auth.Role.SUBMITTER.label();
      } else {
        boolean approve = "approve".equals(form.get("decision"));
        String proposal = form.getOrDefault("proposal", "");
        key = "ui-" + digest(session.user().username(), breakId, proposal, approve ? "a" : "r");
        content =
            io.entente.app.colending.Requests.BreakDecision.CODEC.encode(
                new io.entente.app.colending.Requests.BreakDecision(breakId, proposal, reason));
        type =
            approve
                ? io.entente.app.colending.ColendingApplication.BREAK_APPROVE
                : io.entente.app.colending.ColendingApplication.BREAK_REJECT;
        role = io.entente.node.auth.Role.APPROVER.label();
      }
    } catch (IllegalArgumentException e) {
      session.flash("Not sent: " + e.getMessage());
      return Answer.redirect(back);
    }
    Optional<io.entente.node.api.RequestSigner> signer = backend.requestSigner();
    if (signer.isEmpty()) {
      return Answer.plain(501, "This node has no client key to sign requests with.");
    }
    io.entente.core.chain.Transaction transaction =
        io.entente.node.api.UserRequests.sign(
            backend.suite(),
            signer.get(),
            session.user().username(),
            role,
            channel,
            io.entente.app.colending.ColendingApplication.NAME,
            type,
            content,
            key,
            clock.instant(),
            io.entente.node.api.ApiLimits.USER_REQUEST_VALIDITY_DEFAULT);
    session.flash(outcome(channel, breakId, transaction));
    return Answer.redirect(back);
  }

  /** What became of a submitted action, in words for the page. */
  private String outcome(String channel, String breakId, io.entente.core.chain.Transaction tx) {
    io.entente.node.api.SubmitResult result = backend.submit(channel, List.of(tx)).get(0);
    io.entente.core.bytes.Hash id = tx.id(backend.suite());
    if (result instanceof io.entente.node.api.SubmitResult.Rejected rejected) {
      return "Refused: " + rejected.reason() + " — " + rejected.detail();
    }
    if (result instanceof io.entente.node.api.SubmitResult.MempoolFull) {
      return "The node is busy; nothing was taken. Try again in a moment.";
    }
    if (result instanceof io.entente.node.api.SubmitResult.Conflict) {
      return "A different action was already sent under the same key; nothing was taken.";
    }
    io.entente.node.api.SubmitResult.Committed committed;
    try {
      committed =
          backend
              .awaitCommit(channel, id, clock.instant().plus(UiLimits.ACTION_COMMIT_WAIT))
              .get(
                  UiLimits.ACTION_COMMIT_WAIT.toMillis() + 1_000,
                  java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return "Sent (transaction " + id.shortHex() + "), not on the ledger yet; reload to see it.";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "Sent (transaction " + id.shortHex() + "); reload to see it.";
    }
    if (committed.refusedAtExecution()) {
      return "Refused when its block executed: "
          + committed.receipt().code()
          + " — "
          + committed.receipt().detail()
          + ". Nothing changed.";
    }
    return ReconView.breakById(backend, channel, breakId)
        .map(
            now ->
                "On the ledger. Break "
                    + breakId
                    + " is now "
                    + now.state()
                    + (now.lastRejection().isEmpty()
                        ? ""
                        : " (last rejection: " + now.lastRejection() + ")")
                    + ".")
        .orElse("On the ledger.");
  }

  private static String digest(String... parts) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return java.util.HexFormat.of().formatHex(sha.digest(), 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  // Statements

  /** {@code /ui/statements/<channel>/<agreement>/<yyyy-MM-dd>.csv}: the CSV the ledger hashed. */
  private Answer statementFile(String path, UiSessions.Session session) {
    String[] parts = path.substring(STATEMENTS.length() + 1).split("/", -1);
    if (parts.length != 3) {
      return Answer.plain(404, "No such statement.");
    }
    String date = parts[2].substring(0, parts[2].length() - ".csv".length());
    return StatementsView.file(backend, session.user().institution(), parts[0], parts[1], date)
        .map(
            file ->
                new Answer(200, "text/csv; charset=utf-8", file.csv(), new TreeMap<>())
                    .with("Content-Disposition", "attachment; filename=\"" + file.name() + "\"")
                    .with("X-Entente-Statement-Sha256", file.sha256()))
        .orElseGet(() -> Answer.plain(404, "No closed statement of yours for that day."));
  }

  // The Ledger pages

  private Answer ledger(String path, Request request, UiSessions.Session session) {
    LedgerPages.Result result =
        LedgerPages.route(
            backend, session.user().institution(), path, request.getHttpURI().getQuery());
    if (result instanceof LedgerPages.Page page) {
      Map<String, Object> parameters = new TreeMap<>(page.parameters());
      parameters.put("frame", Frame.of(page.title(), LEDGER, session));
      return page(page.template(), parameters);
    }
    if (result instanceof LedgerPages.Download download) {
      return new Answer(200, "application/octet-stream", download.body(), new TreeMap<>())
          .with("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"");
    }
    if (result instanceof LedgerPages.NotFound notFound) {
      return Answer.plain(404, notFound.message());
    }
    throw new AssertionError("unknown ledger result " + result);
  }

  // Logging in and out

  private Answer loginPage(Request request) {
    if (session(request).isPresent()) {
      return Answer.redirect(HOME);
    }
    return loginForm(200, "", "");
  }

  private Answer loginForm(int status, String message, String username) {
    return render(
        status,
        "login.jte",
        Map.of("institution", backend.institution(), "message", message, "username", username));
  }

  private Answer login(Request request) throws IOException {
    Map<String, String> form = form(request);
    requireSameOrigin(request);
    String username = form.getOrDefault("username", "");
    String password = form.getOrDefault("password", "");
    if (username.isEmpty()
        || password.isEmpty()
        || password.length() > AuthLimits.PASSWORD_CHARS_MAX
        || username.length() > AuthLimits.USERNAME_CHARS_MAX) {
      return loginForm(400, "Enter your user name and password.", "");
    }
    if (!logins.tryAcquire()) {
      return loginForm(503, "The node is checking other logins; try again in a moment.", "");
    }
    Optional<User> user;
    try {
      user = users.authenticate(username, password.toCharArray());
    } finally {
      logins.release();
    }
    if (user.isEmpty()) {
      LOG.log(Level.INFO, "dashboard login refused for user " + username);
      return loginForm(401, "Wrong user name or password.", username);
    }
    UiSessions.Session session = sessions.open(user.get());
    LOG.log(Level.INFO, "dashboard login: " + username + " of " + user.get().institution());
    return Answer.redirect(HOME)
        .with(HttpHeader.SET_COOKIE.asString(), sessionCookie(cookieName(request), session));
  }

  private Optional<UiSessions.Session> session(Request request) {
    for (HttpCookie cookie : Request.getCookies(request)) {
      if (cookie.getName().equals(cookieName(request))) {
        return sessions.find(cookie.getValue());
      }
    }
    return Optional.empty();
  }

  private static String cookieName(Request request) {
    return COOKIE + Request.getServerPort(request);
  }

  private static String sessionCookie(String name, UiSessions.Session session) {
    return name + "=" + session.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict";
  }

  private static String expiredCookie(String name) {
    return name + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
  }

  /**
   * Refuses a POST from another site: browsers send Origin on every POST, so a page elsewhere that
   * submits a form here is turned away even before its missing CSRF token is.
   */
  private static void requireSameOrigin(Request request) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null) {
      return;
    }
    String expected =
        (request.isSecure() ? "https" : "http")
            + "://"
            + Request.getServerName(request)
            + ":"
            + Request.getServerPort(request);
    if (!origin.equalsIgnoreCase(expected)) {
      throw new ForeignOrigin(origin, expected);
    }
  }

  /** A POST whose Origin is not this node. */
  private static final class ForeignOrigin extends RuntimeException {
    ForeignOrigin(String origin, String expected) {
      super("a form from " + origin + " (not " + expected + ") was refused", null, false, false);
    }
  }

  /** The fields of a URL-encoded form body of at most {@link UiLimits#FORM_BYTES_MAX} bytes. */
  private static Map<String, String> form(Request request) throws IOException {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null
        || !type.split(";", 2)[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded")) {
      throw new BadForm("send the form as application/x-www-form-urlencoded");
    }
    if (request.getLength() > UiLimits.FORM_BYTES_MAX) {
      throw new BadForm("the form is larger than " + UiLimits.FORM_BYTES_MAX + " bytes");
    }
    byte[] body;
    try (InputStream in = Request.asInputStream(request)) {
      body = in.readNBytes(UiLimits.FORM_BYTES_MAX + 1);
    }
    if (body.length > UiLimits.FORM_BYTES_MAX) {
      throw new BadForm("the form is larger than " + UiLimits.FORM_BYTES_MAX + " bytes");
    }
    Map<String, String> fields = new TreeMap<>();
    UrlEncoded.decodeTo(
        new String(body, StandardCharsets.UTF_8),
        (name, value) -> {
          if (fields.putIfAbsent(name, value) != null) {
            throw new BadForm("the field " + name + " is given twice");
          }
        },
        StandardCharsets.UTF_8);
    return fields;
  }

  /** A form the dashboard cannot read; nothing was done. */
  private static final class BadForm extends RuntimeException {
    BadForm(String message) {
      super(message, null, false, false);
    }
  }

  // Pages and files

  private Answer page(String template, Map<String, Object> parameters) {
    return render(200, template, parameters);
  }

  private Answer render(int status, String template, Map<String, Object> parameters) {
    StringOutput output = new StringOutput();
    templates.render(template, parameters, output);
    return Answer.html(status, output.toString());
  }

  private Answer asset(String name) {
    return assets
        .find(name)
        .map(
            asset ->
                new Answer(200, asset.contentType(), asset.body(), new TreeMap<String, String>())
                    .with(HttpHeader.CACHE_CONTROL.asString(), "private, max-age=300"))
        .orElseGet(() -> Answer.plain(404, "No such file."));
  }

  private static Answer notAllowed() {
    return Answer.plain(405, "Method not allowed.");
  }

  private static void send(Response response, Answer answer, Callback callback) {
    response.setStatus(answer.status());
    securityHeaders(response);
    if (answer.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    }
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
  }

  private static void securityHeaders(Response response) {
    response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    // "same-origin", not "no-referrer": with no-referrer, browsers send "Origin: null" on a POST.
    response.getHeaders().put("Referrer-Policy", "same-origin");
    response.getHeaders().put("X-Frame-Options", "DENY");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
  }
}
