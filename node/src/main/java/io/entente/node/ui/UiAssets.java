package io.entente.node.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The files the dashboard's pages load, all served by the node itself (the pages' Content Security
 * Policy allows nothing else): htmx and its SSE extension, uPlot, and the dashboard's own
 * stylesheet. Only the names listed here are served; each is read once, at start.
 */
final class UiAssets {
  /** A file as served. */
  record Asset(String contentType, byte[] body) {}

  private static final String OWN = "/io/entente/node/ui/assets/";
  private static final String WEBJARS = "/META-INF/resources/webjars/";

  private final Map<String, Asset> assets = new TreeMap<>();

  private UiAssets() {}

  static UiAssets load() {
    UiAssets loaded = new UiAssets();
    String htmx = webjarVersion("htmx.org");
    String sse = webjarVersion("htmx-ext-sse");
    String uplot = webjarVersion("uplot");
    loaded.add("htmx.min.js", WEBJARS + "htmx.org/" + htmx + "/dist/htmx.min.js");
    loaded.add("sse.js", WEBJARS + "htmx-ext-sse/" + sse + "/sse.js");
    loaded.add("uPlot.iife.min.js", WEBJARS + "uplot/" + uplot + "/dist/uPlot.iife.min.js");
    loaded.add("uPlot.min.css", WEBJARS + "uplot/" + uplot + "/dist/uPlot.min.css");
    loaded.add("app.css", OWN + "app.css");
    loaded.add("favicon.svg", OWN + "favicon.svg");
    loaded.add("positions.js", OWN + "positions.js");
    loaded.add("proof.js", OWN + "proof.js");
    return loaded;
  }

  Optional<Asset> find(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  private void add(String name, String resource) {
    assets.put(name, new Asset(contentType(name), read(resource)));
  }

  private static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    throw new IllegalArgumentException("no content type for " + name);
  }

  /** The version of an npm webjar on the class path, from the Maven metadata it carries. */
  private static String webjarVersion(String artifact) {
    String resource = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    Properties properties = new Properties();
    try (InputStream in = UiAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the webjar " + artifact + " is not on the class path");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    String version = properties.getProperty("version");
    if (version == null || version.isBlank()) {
      throw new IllegalStateException(resource + " names no version");
    }
    return version;
  }

  private static byte[] read(String resource) {
    try (InputStream in = UiAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard asset " + resource + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
