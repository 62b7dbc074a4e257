package io.entente.node.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Matches a method and a decoded path against the routes: a plain list, read in order. */
final class Router {
  private final List<Route> routes;

  Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
    for (int i = 0; i < this.routes.size(); i++) {
      for (int j = 0; j < i; j++) {
        Route a = this.routes.get(i);
        Route b = this.routes.get(j);
        if (a.method().equals(b.method()) && a.template().equals(b.template())) {
          throw new IllegalArgumentException(
              "route registered twice: " + a.method() + " " + a.template());
        }
      }
    }
  }

  List<Route> routes() {
    return routes;
  }

  record Match(Route route, Map<String, String> pathParameters) {}

  /**
   * The route for the request; 404 if no template matches the path, 405 if only the method is
   * wrong.
   */
  Match match(String method, String path) {
    String[] segments = split(path);
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Map<String, String> parameters = bind(split(route.template()), segments);
      if (parameters == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Match(route, parameters);
      }
      allowed.add(route.method());
    }
    if (allowed.isEmpty()) {
      throw ApiProblem.notFound("no resource at " + path);
    }
    return throwMethodNotAllowed(method, path, allowed);
  }

  private static Match throwMethodNotAllowed(String method, String path, TreeSet<String> allowed) {
    throw ApiProblem.methodNotAllowed(method + " is not allowed on " + path)
        .with("allow", new ArrayList<>(allowed));
  }

  private static String[] split(String path) {
    if (path.length() > 1 && path.endsWith("/")) {
      return new String[] {"\u0000trailing-slash"};
    }
    return path.substring(1).split("/", -1);
  }

  private static Map<String, String> bind(String[] template, String[] segments) {
    if (template.length != segments.length) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String part = template[i];
      if (part.startsWith("{") && part.endsWith("}")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        parameters.put(part.substring(1, part.length() - 1), segments[i]);
      } else if (!part.equals(segments[i])) {
        return null;
      }
    }
    return parameters;
  }
}
