package io.entente.node.ui;

import java.util.List;

/**
 * What every dashboard page shows around its content: who is logged in, the navigation, and the
 * session's CSRF token (sent back by forms and by htmx requests).
 */
public record Frame(
    String title,
    String institution,
    String username,
    String roles,
    String csrfToken,
    List<NavItem> navigation) {

  /** A navigation link; {@code active} on the page being shown. */
  public record NavItem(String label, String path, boolean active) {}

  /** The pages, in navigation order. */
  static final List<Page> PAGES =
      List.of(
          new Page("Positions", UiHandler.POSITIONS),
          new Page("Reconciliation", UiHandler.RECONCILIATION),
          new Page("Statements", UiHandler.STATEMENTS),
          new Page("Ledger", UiHandler.LEDGER),
          new Page("Consortium", UiHandler.CONSORTIUM));

  /** A page of the navigation. */
  record Page(String label, String path) {}

  static Frame of(String title, String activePath, UiSessions.Session session) {
    return new Frame(
        title,
        session.user().institution(),
        session.user().username(),
        String.join(
            ", ",
            session.user().roles().stream()
                .map(io.entente.node.auth.Role::label)
                .sorted()
                .toList()),
        session.csrfToken(),
        PAGES.stream()
            .map(page -> new NavItem(page.label(), page.path(), activePath.startsWith(page.path())))
            .toList());
  }
}
