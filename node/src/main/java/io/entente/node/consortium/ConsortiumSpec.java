package io.entente.node.consortium;

import io.entente.core.CoreLimits;
import io.entente.core.crypto.SuiteId;
import io.entente.core.governance.Role;
import io.entente.node.auth.AuthLimits;
import io.entente.node.keys.KeyFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What {@code entente init} writes: a lead bank, its partners, the nodes of each and the ports they
 * listen on. Every derived value (node ids, ports, channels) is a function of these fields, so the
 * same arguments always give the same layout and ports.
 *
 * <p>Node {@code k} of the whole consortium (institutions in order: the lead, then the partners as
 * given; each institution's nodes numbered from 1) listens for p2p on {@code basePort + 2k} and for
 * the API on {@code basePort + 2k + 1}.
 *
 * <p>{@code keyIterations} is the PBKDF2 work factor of every key file and API password hash that
 * is written: {@link KeyFiles#PBKDF2_ITERATIONS} (600,000) unless a test or a demo on one machine
 * lowers it (to {@link KeyFiles#PBKDF2_ITERATIONS_MIN} at least) to write and start a consortium
 * quickly. A lower count makes every password cheaper to guess from a copied file.
 *
 * @throws IllegalArgumentException with a message fit for the command line, for a bad name, a count
 *     out of range or ports past 65535
 */
public record ConsortiumSpec(
    String lead,
    List<String> partners,
    int nodesPerOrg,
    SuiteId suite,
    int basePort,
    String host,
    int keyIterations) {

  public static final String GOVERNANCE_CHANNEL = "governance";

  /** A name that would collide with a top-level entry of the consortium folder. */
  static final List<String> RESERVED_NAMES = List.of(Layout.CHANNELS_DIR);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  public ConsortiumSpec {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(host, "host");
    partners = List.copyOf(partners);
    requireName(lead, "lead");
    for (String partner : partners) {
      requireName(partner, "partner");
    }
    requireDistinct(lead, partners);
    requireCounts(partners.size(), nodesPerOrg);
    requirePorts(basePort, (1 + partners.size()) * nodesPerOrg);
    requireKeyIterations(keyIterations);
  }

  /** A consortium whose keys and passwords get the full work factor, 600,000 iterations. */
  public ConsortiumSpec(
      String lead,
      List<String> partners,
      int nodesPerOrg,
      SuiteId suite,
      int basePort,
      String host) {
    this(lead, partners, nodesPerOrg, suite, basePort, host, KeyFiles.PBKDF2_ITERATIONS);
  }

  /**
   * This consortium with another PBKDF2 work factor for its key files and password hashes: fewer
   * than {@link KeyFiles#PBKDF2_ITERATIONS} for tests and demos only.
   */
  public ConsortiumSpec withKeyIterations(int iterations) {
    return new ConsortiumSpec(lead, partners, nodesPerOrg, suite, basePort, host, iterations);
  }

  /** Whether the key files and password hashes get less than the full work factor. */
  public boolean insecureKeyIterations() {
    return keyIterations < KeyFiles.PBKDF2_ITERATIONS;
  }

  /** The defaults: lead-bank, partner-a to partner-c, two nodes each, standard, from port 7400. */
  public static ConsortiumSpec defaults() {
    return new ConsortiumSpec(
        ConsortiumLimits.DEFAULT_LEAD,
        generatedPartners(ConsortiumLimits.DEFAULT_PARTNERS),
        ConsortiumLimits.DEFAULT_NODES_PER_ORG,
        SuiteId.STANDARD,
        ConsortiumLimits.DEFAULT_BASE_PORT,
        ConsortiumLimits.DEFAULT_HOST);
  }

  /** {@code partner-a}, {@code partner-b}, … ({@code count} of them, 1 to 26). */
  public static List<String> generatedPartners(int count) {
    if (count < 1 || count > ConsortiumLimits.PARTNERS_MAX) {
      throw new IllegalArgumentException(
          "--partners must be 1 to " + ConsortiumLimits.PARTNERS_MAX + ", got " + count);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("partner-" + (char) ('a' + i));
    }
    return names;
  }

  static void requireName(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("the " + what + " name is empty");
    }
    if (name.length() > ConsortiumLimits.INSTITUTION_NAME_CHARS_MAX) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " name '"
              + name
              + "' has "
              + name.length()
              + " characters, at most "
              + ConsortiumLimits.INSTITUTION_NAME_CHARS_MAX
              + " are allowed (a bilateral channel is named <lead>--<partner>)");
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " name '"
              + name
              + "' is not valid: use lower-case letters, digits and single hyphens, starting with"
              + " a letter and not ending with a hyphen (for example partner-a)");
    }
    if (RESERVED_NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "the " + what + " name '" + name + "' is reserved for a folder of the consortium");
    }
  }

  private static void requireDistinct(String lead, List<String> partners) {
    TreeSet<String> seen = new TreeSet<>();
    seen.add(lead);
    for (String partner : partners) {
      if (!seen.add(partner)) {
        throw new IllegalArgumentException(
            partner.equals(lead)
                ? "partner '" + partner + "' is also the lead"
                : "partner '" + partner + "' is named twice");
      }
    }
  }

  private static void requireCounts(int partnerCount, int nodesPerOrg) {
    if (partnerCount < 1 || partnerCount > ConsortiumLimits.PARTNERS_MAX) {
      throw new IllegalArgumentException(
          "a consortium has 1 to "
              + ConsortiumLimits.PARTNERS_MAX
              + " partners, got "
              + partnerCount);
    }
    if (nodesPerOrg < 1 || nodesPerOrg > ConsortiumLimits.NODES_PER_ORG_MAX) {
      throw new IllegalArgumentException(
          "--nodes-per-org must be 1 to "
              + ConsortiumLimits.NODES_PER_ORG_MAX
              + ", got "
              + nodesPerOrg);
    }
    int governanceValidators = (1 + partnerCount) * nodesPerOrg;
    if (governanceValidators > CoreLimits.VALIDATORS_MAX) {
      throw new IllegalArgumentException(
          "the governance channel would have "
              + governanceValidators
              + " validators ("
              + (1 + partnerCount)
              + " institutions × "
              + nodesPerOrg
              + " nodes), more than the limit of "
              + CoreLimits.VALIDATORS_MAX
              + ": use fewer partners or fewer nodes per institution");
    }
  }

  private static void requireKeyIterations(int iterations) {
    // Key files and password hashes share the work factor, so it must suit both.
    int min = Math.max(KeyFiles.PBKDF2_ITERATIONS_MIN, AuthLimits.PBKDF2_ITERATIONS_MIN);
    int max = Math.min(KeyFiles.PBKDF2_ITERATIONS_MAX, AuthLimits.PBKDF2_ITERATIONS_MAX);
    if (iterations < min || iterations > max) {
      throw new IllegalArgumentException(
          "key iterations must be " + min + " to " + max + ", got " + iterations);
    }
  }

  private static void requirePorts(int basePort, int nodeCount) {
    long lastPort = (long) basePort + (long) nodeCount * ConsortiumLimits.PORTS_PER_NODE - 1;
    if (basePort < ConsortiumLimits.PORT_MIN || lastPort > ConsortiumLimits.PORT_MAX) {
      throw new IllegalArgumentException(
          "--base-port "
              + basePort
              + " does not fit: "
              + nodeCount
              + " nodes take "
              + nodeCount * ConsortiumLimits.PORTS_PER_NODE
              + " ports from the base, which must lie in "
              + ConsortiumLimits.PORT_MIN
              + ".."
              + ConsortiumLimits.PORT_MAX
              + " (the highest base here is "
              + (ConsortiumLimits.PORT_MAX + 1 - nodeCount * ConsortiumLimits.PORTS_PER_NODE)
              + ")");
    }
  }

  /** The lead, then the partners in the order given. */
  public List<String> institutions() {
    List<String> all = new ArrayList<>();
    all.add(lead);
    all.addAll(partners);
    return List.copyOf(all);
  }

  public Role role(String institution) {
    if (institution.equals(lead)) {
      return Role.LEAD;
    }
    if (partners.contains(institution)) {
      return Role.PARTNER;
    }
    throw new IllegalArgumentException(institution + " is not an institution of this consortium");
  }

  /** A node of the consortium and its ports. */
  public record NodeSpec(String nodeId, String institution, int number, int p2pPort, int apiPort) {
    /** The node's folder inside its institution's folder. */
    public String folder() {
      return Layout.nodeFolder(number);
    }
  }

  /** A channel: its name, its member institutions and whether every member must seal. */
  public record ChannelSpec(
      String name, List<String> institutions, boolean sealFromEveryInstitution) {
    public ChannelSpec {
      institutions = List.copyOf(institutions);
    }
  }

  /** Every node, in port order. */
  public List<NodeSpec> nodes() {
    List<NodeSpec> nodes = new ArrayList<>();
    int index = 0;
    for (String institution : institutions()) {
      for (int number = 1; number <= nodesPerOrg; number++) {
        int p2pPort = basePort + index * ConsortiumLimits.PORTS_PER_NODE;
        nodes.add(
            new NodeSpec(nodeId(institution, number), institution, number, p2pPort, p2pPort + 1));
        index++;
      }
    }
    return List.copyOf(nodes);
  }

  public List<NodeSpec> nodesOf(String institution) {
    return nodes().stream().filter(node -> node.institution().equals(institution)).toList();
  }

  /** {@code <institution>-node-<number>}: unique, because the suffix is fixed and numeric. */
  public static String nodeId(String institution, int number) {
    return institution + "-node-" + number;
  }

  /** {@code <lead>--<partner>}: a double hyphen never occurs inside an institution name. */
  public static String bilateralChannel(String lead, String partner) {
    return lead + "--" + partner;
  }

  /** The governance channel (every institution; a quorum suffices), then one per partner. */
  public List<ChannelSpec> channels() {
    List<ChannelSpec> channels = new ArrayList<>();
    channels.add(new ChannelSpec(GOVERNANCE_CHANNEL, institutions(), false));
    for (String partner : partners) {
      channels.add(new ChannelSpec(bilateralChannel(lead, partner), List.of(lead, partner), true));
    }
    return List.copyOf(channels);
  }

  /** The channels {@code institution}'s nodes are members of. */
  public List<ChannelSpec> channelsOf(String institution) {
    return channels().stream()
        .filter(channel -> channel.institutions().contains(institution))
        .toList();
  }
}
