package io.entente.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Pem;
import io.entente.node.consortium.ConfigException;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.OrganizationBundle;
import io.entente.node.keys.KeyFiles;
import io.entente.node.keys.PasswordSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code entente org new}: a new institution's keys stay home, only its bundle travels. */
class OrgNewCommandTest {
  private static final String FAST = "--insecure-key-iterations=1000";

  @TempDir Path temp;

  @Test
  void writesKeysOwnerOnlyAndABundleWithCertificatesOnly() throws Exception {
    Path folder = temp.resolve("bank-d");
    CliRun run =
        CliRun.of(
            "org",
            "new",
            folder.toString(),
            "--id",
            "bank-d",
            "--name",
            "Bank D",
            "--nodes",
            "2",
            FAST);
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("bank-d-node-1", "bank-d-node-2", OrganizationBundle.FILE);

    // The folder is owner-only (created as a private temporary folder, then renamed).
    assertThat(Files.getPosixFilePermissions(folder))
        .isEqualTo(
            Set.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));

    // Every private key and password file is owner-only, and readable with its password.
    List<Path> secrets;
    try (Stream<Path> files = Files.walk(folder)) {
      secrets =
          files
              .filter(
                  file ->
                      file.getFileName().toString().endsWith("-key.pem")
                          || file.getFileName().toString().equals(Layout.PASSWORD_FILE))
              .toList();
    }
    // CA, API CA, admin client: key + password; per node four keys and one password.
    assertThat(secrets).hasSize(3 * 2 + 2 * 5);
    for (Path secret : secrets) {
      assertThat(Files.getPosixFilePermissions(secret))
          .as(secret.toString())
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
    Path keys = folder.resolve(Layout.nodeFolder(1)).resolve(Layout.KEYS_DIR);
    var tlsKey =
        KeyFiles.loadSigner(
            keys.resolve(Layout.TLS_KEY),
            SuiteId.STANDARD,
            PasswordSource.file(keys.resolve(Layout.PASSWORD_FILE)));

    // The bundle parses as a valid one and holds no private key.
    String text = Files.readString(folder.resolve(OrganizationBundle.FILE));
    assertThat(text).doesNotContain("PRIVATE KEY");
    OrganizationBundle bundle =
        OrganizationBundle.parse(text, "bundle", SuiteId.STANDARD, System.currentTimeMillis());
    assertThat(bundle.institution()).isEqualTo("bank-d");
    assertThat(bundle.displayName()).isEqualTo("Bank D");
    assertThat(bundle.nodes())
        .extracting(OrganizationBundle.BundleNode::nodeId)
        .containsExactly("bank-d-node-1", "bank-d-node-2");
    assertThat(bundle.caCertificate())
        .isEqualTo(
            Pem.decode(
                Files.readString(folder.resolve(Layout.CA_DIR).resolve(Layout.CA_CERTIFICATE))));
    CryptoSuite crypto = CryptoSuite.of(SuiteId.STANDARD);
    assertThat(bundle.nodes().get(0).tlsKeyFingerprint())
        .isEqualTo(crypto.fingerprint(tlsKey.publicKey()));
  }

  @Test
  void refusesAnExistingFolderAndBadIdsWritingNothing() throws IOException {
    Path folder = temp.resolve("taken");
    Files.createDirectories(folder);
    Path marker = Files.writeString(folder.resolve("marker.txt"), "mine");
    CliRun exists =
        CliRun.of("org", "new", folder.toString(), "--id", "bank-d", "--name", "Bank D", FAST);
    assertThat(exists.status()).isEqualTo(InitCommand.NOT_WRITTEN);
    assertThat(exists.err()).contains("exists and is not empty");
    assertThat(marker).hasContent("mine");
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).containsExactly(marker);
    }

    Path fresh = temp.resolve("fresh");
    for (String[] bad :
        List.of(
            new String[] {"--id", "Bank_D", "--name", "Bank D"},
            new String[] {"--id", "bank-", "--name", "Bank D"},
            new String[] {"--id", "bank-d", "--name", "  "},
            new String[] {"--id", "bank-d", "--name", "Bank D", "--nodes", "0"},
            new String[] {"--id", "bank-d", "--name", "Bank D", "--crypto", "rot13"})) {
      String[] args = new String[bad.length + 4];
      args[0] = "org";
      args[1] = "new";
      args[2] = fresh.toString();
      System.arraycopy(bad, 0, args, 3, bad.length);
      args[args.length - 1] = FAST;
      CliRun run = CliRun.of(args);
      assertThat(run.status()).as(String.join(" ", bad)).isEqualTo(InitCommand.BAD_ARGUMENTS);
      assertThat(run.err()).startsWith("entente org new: ");
      assertThat(fresh).doesNotExist();
    }
    // Nothing staged is left next to the target either.
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files).containsExactly(folder);
    }
  }

  @Test
  void aTamperedBundleIsRefusedNamingTheField() throws Exception {
    Path folder = temp.resolve("bank-e");
    CliRun run =
        CliRun.of(
            "org", "new", folder.toString(), "--id", "bank-e", "--name", "E", "--nodes", "1", FAST);
    assertThat(run.status()).as(run.err()).isZero();
    String text = Files.readString(folder.resolve(OrganizationBundle.FILE));
    long now = System.currentTimeMillis();
    String otherFingerprint =
        text.replaceFirst("\"tlsKeyFingerprint\" : \"[0-9a-f]{2}", "\"tlsKeyFingerprint\" : \"00")
            .replaceFirst("\"tlsKeyFingerprint\" : \"0000", "\"tlsKeyFingerprint\" : \"1100");
    assertThatThrownBy(() -> OrganizationBundle.parse(otherFingerprint, "b", SuiteId.STANDARD, now))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tlsKeyFingerprint");
    assertThatThrownBy(() -> OrganizationBundle.parse(text, "b", SuiteId.GUOMI, now))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("suite");
    String renamed = text.replace("\"institution\" : \"bank-e\"", "\"institution\" : \"bank-f\"");
    assertThatThrownBy(() -> OrganizationBundle.parse(renamed, "b", SuiteId.STANDARD, now))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bank-f-");
  }
}
