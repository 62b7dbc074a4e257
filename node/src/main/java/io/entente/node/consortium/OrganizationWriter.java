package io.entente.node.consortium;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateProfile;
import io.entente.core.pki.CertificateTemplate;
import io.entente.core.pki.Certificates;
import io.entente.core.pki.Issuer;
import io.entente.core.pki.Pem;
import io.entente.node.keys.KeyFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code entente org new}: a new institution's keys and certificates, generated offline into the
 * institution's own folder, and the {@link OrganizationBundle} it sends to the consortium. The same
 * certificate profiles and key files as {@code entente init} (docs/consortium.md): a member CA, an
 * API CA (P-256), the institution's client key, and per node its TLS, seal and API keys.
 *
 * <p>All or nothing: everything is written into a new owner-only temporary folder next to the
 * target and renamed into place at the end; a failure deletes it. An existing target is never
 * replaced, except an empty folder.
 */
public final class OrganizationWriter {
  private OrganizationWriter() {}

  /**
   * What to generate.
   *
   * @param nodes 1 to {@link ConsortiumLimits#NODES_PER_ORG_MAX}
   * @param host the host the nodes' API certificates name
   * @param keyIterations PBKDF2 iterations of every key file (tests lower it)
   */
  public record Spec(
      String institution,
      String displayName,
      int nodes,
      SuiteId suite,
      String host,
      int keyIterations) {
    public Spec {
      ConsortiumSpec.requireName(institution, "institution");
      Objects.requireNonNull(displayName, "displayName");
      try {
        displayName = OrganizationBundle.displayName(displayName, "--name");
      } catch (ConfigException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
      if (nodes < 1 || nodes > ConsortiumLimits.NODES_PER_ORG_MAX) {
        throw new IllegalArgumentException(
            "--nodes must be 1 to " + ConsortiumLimits.NODES_PER_ORG_MAX + ", got " + nodes);
      }
      Objects.requireNonNull(suite, "suite");
      Objects.requireNonNull(host, "host");
      KeyFiles.requireIterations(keyIterations);
    }

    public static Spec of(String institution, String displayName, int nodes, SuiteId suite) {
      return new Spec(
          institution,
          displayName,
          nodes,
          suite,
          ConsortiumLimits.DEFAULT_HOST,
          KeyFiles.PBKDF2_ITERATIONS);
    }

    public Spec withKeyIterations(int iterations) {
      return new Spec(institution, displayName, nodes, suite, host, iterations);
    }

    /** The id of node {@code number} (from 1), as {@code entente init} names nodes. */
    public String nodeId(int number) {
      return ConsortiumSpec.nodeId(institution, number);
    }
  }

  /** The folder written and the bundle in it. */
  public record Result(Path folder, Path bundleFile, OrganizationBundle bundle) {}

  /**
   * Writes the institution into {@code target}, which must not exist or be an empty folder.
   *
   * @throws ConsortiumWriter.TargetException if the target exists (not empty), or is a file or a
   *     link: nothing was written
   * @throws IOException if writing failed: nothing is left behind
   */
  public static Result write(Spec spec, Path target, Clock clock, SecureRandom random)
      throws IOException {
    Path folder = target.toAbsolutePath().normalize();
    boolean exists = checkTarget(folder);
    Path parent = folder.getParent();
    if (parent == null) {
      throw new ConsortiumWriter.TargetException("cannot write at the file system root " + folder);
    }
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + folder.getFileName() + ".org-");
    try {
      OrganizationBundle bundle = new Generator(spec, staging, clock.millis(), random).generate();
      if (exists) {
        Files.delete(folder);
      }
      move(staging, folder);
      return new Result(folder, folder.resolve(OrganizationBundle.FILE), bundle);
    } catch (IOException | RuntimeException e) {
      ConsortiumFiles.deleteRecursively(staging);
      throw e;
    }
  }

  private static boolean checkTarget(Path folder) throws IOException {
    if (Files.isSymbolicLink(folder)) {
      throw new ConsortiumWriter.TargetException(
          folder + " is a symbolic link; give the real folder (a link is never replaced)");
    }
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new ConsortiumWriter.TargetException(folder + " exists and is not a folder");
    }
    try (var entries = Files.list(folder)) {
      if (entries.findAny().isPresent()) {
        throw new ConsortiumWriter.TargetException(
            folder
                + " exists and is not empty; refusing to overwrite it (an institution's keys are"
                + " never replaced: choose a new folder)");
      }
    }
    return true;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** Generates into the staging folder; every private key is written encrypted, owner-only. */
  private static final class Generator {
    private final Spec spec;
    private final Path root;
    private final long nowMs;
    private final SecureRandom random;
    private final CryptoSuite crypto;

    Generator(Spec spec, Path root, long nowMs, SecureRandom random) {
      this.spec = spec;
      this.root = root;
      this.nowMs = nowMs;
      this.random = random;
      this.crypto = CryptoSuite.of(spec.suite());
    }

    OrganizationBundle generate() throws IOException {
      String id = spec.institution();
      Issuer ca =
          selfSignedCa(
              crypto,
              "CN=" + id + " CA,O=" + id,
              root.resolve(Layout.CA_DIR),
              Layout.CA_KEY,
              Layout.CA_CERTIFICATE);
      Issuer apiCa =
          selfSignedCa(
              CryptoSuite.of(SuiteId.STANDARD),
              "CN=" + id + " API CA,O=" + id,
              root.resolve(Layout.API_CA_DIR),
              Layout.API_CA_KEY,
              Layout.API_CA_CERTIFICATE);
      KeyPair clientKey = crypto.generateKeyPair(random);
      Certificate client =
          Certificates.issue(
              ca,
              leaf("CN=" + id + " admin,O=" + id, clientKey, CertificateProfile.CLIENT),
              random);
      Path admin = root.resolve(Layout.ADMIN_DIR);
      String adminPassword = secret();
      writeKey(admin.resolve(Layout.CLIENT_KEY), clientKey, adminPassword);
      ConsortiumFiles.writePublic(admin.resolve(Layout.CLIENT_CERTIFICATE), Pem.encode(client));
      ConsortiumFiles.writeSecret(admin.resolve(Layout.PASSWORD_FILE), adminPassword + "\n");
      List<OrganizationBundle.BundleNode> nodes = new ArrayList<>();
      for (int number = 1; number <= spec.nodes(); number++) {
        nodes.add(node(number, ca, apiCa, clientKey, client));
      }
      OrganizationBundle bundle =
          new OrganizationBundle(
              id, spec.displayName(), spec.suite(), ca.certificate(), client, nodes);
      // The bundle must read back as a valid one: what is sent is what a proposal checks.
      OrganizationBundle.parse(bundle.toJson(), OrganizationBundle.FILE, spec.suite(), nowMs);
      ConsortiumFiles.writePublic(root.resolve(OrganizationBundle.FILE), bundle.toJson());
      return bundle;
    }

    private OrganizationBundle.BundleNode node(
        int number, Issuer ca, Issuer apiCa, KeyPair clientKey, Certificate client)
        throws IOException {
      String nodeId = spec.nodeId(number);
      String institution = spec.institution();
      Path keys = root.resolve(Layout.nodeFolder(number)).resolve(Layout.KEYS_DIR);
      String password = secret();
      KeyPair tls = crypto.generateKeyPair(random);
      Certificate tlsCertificate =
          Certificates.issue(
              ca, leaf("CN=" + nodeId + ",O=" + institution, tls, CertificateProfile.NODE), random);
      KeyPair seal = crypto.generateKeyPair(random);
      Certificate sealCertificate =
          Certificates.issue(
              ca,
              leaf("CN=" + nodeId + " seal,O=" + institution, seal, CertificateProfile.NODE),
              random);
      KeyPair api = CryptoSuite.of(SuiteId.STANDARD).generateKeyPair(random);
      Certificate apiCertificate =
          ApiCertificates.issueServer(
              apiCa.signer(),
              apiCa.certificate(),
              api.publicKey(),
              "CN=" + nodeId + " API,O=" + institution,
              spec.host(),
              nowMs - ConsortiumLimits.NOT_BEFORE_SKEW_MS,
              nowMs + ConsortiumLimits.LEAF_VALIDITY_MS,
              random);
      writeKey(keys.resolve(Layout.TLS_KEY), tls, password);
      writeKey(keys.resolve(Layout.SEAL_KEY), seal, password);
      writeKey(keys.resolve(Layout.API_KEY), api, password);
      writeKey(keys.resolve(Layout.CLIENT_KEY), clientKey, password);
      ConsortiumFiles.writePublic(keys.resolve(Layout.CLIENT_CERTIFICATE), Pem.encode(client));
      ConsortiumFiles.writePublic(keys.resolve(Layout.TLS_CERTIFICATE), Pem.encode(tlsCertificate));
      ConsortiumFiles.writePublic(
          keys.resolve(Layout.SEAL_CERTIFICATE), Pem.encode(sealCertificate));
      ConsortiumFiles.writePublic(keys.resolve(Layout.API_CERTIFICATE), Pem.encode(apiCertificate));
      ConsortiumFiles.writeSecret(keys.resolve(Layout.PASSWORD_FILE), password + "\n");
      return new OrganizationBundle.BundleNode(
          nodeId,
          tlsCertificate,
          crypto.fingerprint(tls.publicKey()),
          sealCertificate,
          seal.publicKey());
    }

    private Issuer selfSignedCa(
        CryptoSuite suite, String subject, Path folder, String keyFile, String certificateFile)
        throws IOException {
      String password = secret();
      CertificateIssuing.Ca ca = CertificateIssuing.selfSignedCa(suite, subject, nowMs, random);
      writeKey(folder.resolve(keyFile), ca.key(), password);
      ConsortiumFiles.writePublic(
          folder.resolve(certificateFile), Pem.encode(ca.issuer().certificate()));
      ConsortiumFiles.writeSecret(folder.resolve(Layout.PASSWORD_FILE), password + "\n");
      return ca.issuer();
    }

    private CertificateTemplate leaf(String subject, KeyPair key, CertificateProfile profile) {
      return CertificateIssuing.leafTemplate(subject, key, profile, nowMs);
    }

    private void writeKey(Path file, KeyPair key, String password) throws IOException {
      Files.createDirectories(file.getParent());
      char[] secret = password.toCharArray();
      try {
        KeyFiles.write(file, key.privateKey(), secret, random, spec.keyIterations());
      } finally {
        Arrays.fill(secret, '\0');
      }
    }

    private String secret() {
      return CertificateIssuing.secret(random);
    }
  }
}
