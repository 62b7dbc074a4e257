package io.entente.core.pki;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.core.crypto.Curves;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.SuiteId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The member CA certificates of a consortium, each mapped to its institution, and the revoked
 * (issuer, serial) pairs: everything needed to decide whether a presented certificate belongs to an
 * institution. Immutable; a governance change makes a new store.
 *
 * <p>Path validation stops at the member CA. A leaf must carry a member CA's subject as its issuer
 * name <em>and</em> verify under that member CA's key. Nothing above a member CA (the root that
 * issued an intermediate member CA) is ever consulted, so another CA under the same root is
 * unknown. The institution of a leaf is the institution of the member CA whose key verified it.
 */
public final class TrustStore {
  private static final Comparator<MemberCa> MEMBER_ORDER =
      Comparator.comparing(MemberCa::institutionId)
          .thenComparing(member -> member.certificate().der());

  private final SuiteId suite;
  private final List<MemberCa> members;
  private final List<Anchor> anchors;
  private final TreeMap<RevokedKey, Revocation> revoked;

  /** A member CA with what validation needs precomputed. */
  private record Anchor(MemberCa member, String subjectKey, Optional<PublicKey> publicKey) {}

  private record RevokedKey(String issuerKey, BigInteger serial) implements Comparable<RevokedKey> {
    @Override
    public int compareTo(RevokedKey other) {
      int byIssuer = issuerKey.compareTo(other.issuerKey);
      return byIssuer != 0 ? byIssuer : serial.compareTo(other.serial);
    }
  }

  private TrustStore(
      SuiteId suite, List<MemberCa> members, TreeMap<RevokedKey, Revocation> revoked) {
    this.suite = suite;
    this.members = members;
    this.revoked = revoked;
    List<Anchor> anchors = new ArrayList<>();
    for (MemberCa member : members) {
      Certificate ca = member.certificate();
      anchors.add(new Anchor(member, Names.comparisonKey(ca.subjectName()), ca.publicKey(suite)));
    }
    this.anchors = List.copyOf(anchors);
  }

  /**
   * A store of {@code members} and {@code revocations} for the consortium's suite.
   *
   * @throws IllegalArgumentException if one CA certificate is registered twice, or one key is the
   *     key of member CAs of two institutions
   */
  public static TrustStore of(SuiteId suite, List<MemberCa> members, List<Revocation> revocations) {
    List<MemberCa> sorted = new ArrayList<>(members);
    sorted.sort(MEMBER_ORDER);
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        requireDistinct(suite, sorted.get(i), sorted.get(j));
      }
    }
    TreeMap<RevokedKey, Revocation> revoked = new TreeMap<>();
    for (Revocation revocation : revocations) {
      revoked.putIfAbsent(key(revocation), revocation);
    }
    return new TrustStore(suite, List.copyOf(sorted), revoked);
  }

  private static void requireDistinct(SuiteId suite, MemberCa first, MemberCa second) {
    if (first.certificate().equals(second.certificate())) {
      throw new IllegalArgumentException(
          "member CA " + first.certificate() + " is registered twice");
    }
    Optional<PublicKey> key = first.certificate().publicKey(suite);
    if (key.isPresent()
        && key.equals(second.certificate().publicKey(suite))
        && !first.institutionId().equals(second.institutionId())) {
      throw new IllegalArgumentException(
          "institutions "
              + first.institutionId()
              + " and "
              + second.institutionId()
              + " register member CAs with the same key");
    }
  }

  private static RevokedKey key(Revocation revocation) {
    return new RevokedKey(
        Names.comparisonKey(Names.parse(revocation.issuer())), revocation.serial());
  }

  public SuiteId suite() {
    return suite;
  }

  /** The member CAs, sorted by institution id, then certificate encoding. */
  public List<MemberCa> members() {
    return members;
  }

  public TrustStore withMember(MemberCa member) {
    List<MemberCa> more = new ArrayList<>(members);
    more.add(member);
    return of(suite, more, revocations());
  }

  public TrustStore withRevocation(Revocation revocation) {
    List<Revocation> more = new ArrayList<>(revocations());
    more.add(revocation);
    return of(suite, members, more);
  }

  /** The revocations, sorted by issuer name and serial, without duplicates. */
  public List<Revocation> revocations() {
    return List.copyOf(revoked.values());
  }

  public boolean isRevoked(Certificate certificate) {
    return revoked.containsKey(revokedKey(certificate));
  }

  private static RevokedKey revokedKey(Certificate certificate) {
    return new RevokedKey(Names.comparisonKey(certificate.issuerName()), certificate.serial());
  }

  /**
   * Parses and validates a DER certificate; input that does not parse is rejected as {@code
   * malformed}.
   */
  public Validation validate(Bytes der, long atTimeMs, Purpose purpose) {
    Certificate certificate;
    try {
      certificate = Certificate.parse(der);
    } catch (CertificateFormatException e) {
      return invalid(CertificateReasons.MALFORMED, "presented certificate: " + e.getMessage());
    }
    return validate(certificate, atTimeMs, purpose);
  }

  /**
   * Decides whether {@code certificate} was issued by a member CA and may serve {@code purpose} at
   * {@code atTimeMs} (milliseconds since the epoch; block time inside the ledger). The reasons are
   * those of {@link CertificateReasons}; the detail names the certificate's subject, issuer and
   * serial, and the member CA when one was found.
   */
  public Validation validate(Certificate certificate, long atTimeMs, Purpose purpose) {
    Optional<PublicKey> leafKey = certificate.publicKey(suite);
    Check shape =
        suiteCheck(certificate, leafKey.isPresent()).and(() -> knownIssuerCheck(certificate));
    if (shape instanceof Check.Rejected rejected) {
      return reject(certificate, rejected);
    }
    Optional<Anchor> issuer = verifyingAnchor(certificate);
    if (issuer.isEmpty()) {
      return reject(
          certificate,
          new Check.Rejected(
              CertificateReasons.SIGNATURE_INVALID,
              "a member CA is named issuer but no member CA's key verifies the signature"));
    }
    MemberCa member = issuer.get().member();
    Check rest =
        memberCaCheck(member.certificate(), atTimeMs)
            .within("issuing member CA " + Names.forDetail(member.certificate().subjectName()))
            .and(() -> leafCheck(certificate, atTimeMs, purpose));
    if (rest instanceof Check.Rejected rejected) {
      return reject(certificate, rejected);
    }
    return new Validation.Valid(member.institutionId(), leafKey.get(), certificate, member);
  }

  /**
   * Whether {@code ca} may be registered as a member CA of a {@code suite} consortium at {@code
   * atTimeMs}: a CA with keyCertSign, a key and signature of the suite, within its validity window,
   * no critical extension we do not process, and a valid signature if it is self-signed (an
   * intermediate's signature is its root's business, which Entente never trusts).
   */
  public static Check checkMemberCa(SuiteId suite, Certificate ca, long atTimeMs) {
    TrustStore alone = of(suite, List.of(new MemberCa("candidate", ca)), List.of());
    Optional<PublicKey> key = ca.publicKey(suite);
    boolean selfIssued =
        Names.comparisonKey(ca.subjectName()).equals(Names.comparisonKey(ca.issuerName()));
    Check check =
        alone
            .suiteCheck(ca, key.isPresent())
            .and(() -> alone.memberCaCheck(ca, atTimeMs))
            .and(
                () ->
                    Check.require(
                        !selfIssued || alone.verifyingAnchor(ca).isPresent(),
                        CertificateReasons.SIGNATURE_INVALID,
                        () -> "the self-signature does not verify"));
    return check instanceof Check.Rejected rejected
        ? detailed(ca, rejected).rejection()
        : Check.accepted();
  }

  private Check suiteCheck(Certificate certificate, boolean keyInSuite) {
    AlgorithmIdentifier expected = X509Algorithms.signatureAlgorithm(suite);
    AlgorithmIdentifier outer = certificate.holder().getSignatureAlgorithm();
    AlgorithmIdentifier inner =
        certificate.holder().toASN1Structure().getTBSCertificate().getSignature();
    return Check.require(
            keyInSuite,
            CertificateReasons.WRONG_SUITE,
            () ->
                "its key is not a valid "
                    + Curves.curveName(suite)
                    + " key of the "
                    + suite.label()
                    + " suite")
        .and(
            () ->
                Check.require(
                    expected.equals(outer) && expected.equals(inner),
                    CertificateReasons.WRONG_SUITE,
                    () ->
                        "it is signed with "
                            + outer.getAlgorithm().getId()
                            + ", the "
                            + suite.label()
                            + " suite uses "
                            + expected.getAlgorithm().getId()));
  }

  private Check knownIssuerCheck(Certificate certificate) {
    String issuerKey = Names.comparisonKey(certificate.issuerName());
    boolean known = anchors.stream().anyMatch(anchor -> anchor.subjectKey().equals(issuerKey));
    return Check.require(
        known,
        CertificateReasons.UNKNOWN_ISSUER,
        () -> "its issuer is not a member CA (CAs above a member CA are never trusted)");
  }

  /** The first member CA (in store order) with the issuer name whose key verifies the signature. */
  private Optional<Anchor> verifyingAnchor(Certificate certificate) {
    String issuerKey = Names.comparisonKey(certificate.issuerName());
    Bytes tbs = certificate.tbs();
    byte[] signature = certificate.holder().getSignature();
    for (Anchor anchor : anchors) {
      if (anchor.subjectKey().equals(issuerKey)
          && anchor.publicKey().isPresent()
          && X509Algorithms.verify(anchor.publicKey().get(), tbs, signature)) {
        return Optional.of(anchor);
      }
    }
    return Optional.empty();
  }

  private Check memberCaCheck(Certificate ca, long atTimeMs) {
    return Check.require(
            ca.isCa(), CertificateReasons.NOT_A_CA, () -> "it lacks basicConstraints cA")
        .and(
            () ->
                Check.require(
                    ca.hasKeyUsage(KeyUsage.keyCertSign),
                    CertificateReasons.WRONG_KEY_USAGE,
                    () -> "its keyUsage lacks keyCertSign"))
        .and(() -> unknownCriticalCheck(ca))
        .and(
            () ->
                windowCheck(
                    ca,
                    atTimeMs,
                    CertificateReasons.CA_NOT_YET_VALID,
                    CertificateReasons.CA_EXPIRED))
        .and(
            () ->
                Check.require(
                    !isRevoked(ca),
                    CertificateReasons.CA_REVOKED,
                    () -> "its own (issuer, serial) is revoked"));
  }

  private Check leafCheck(Certificate certificate, long atTimeMs, Purpose purpose) {
    return Check.require(
            !isRevoked(certificate),
            CertificateReasons.REVOKED,
            () -> "its (issuer, serial) is revoked")
        .and(
            () ->
                windowCheck(
                    certificate,
                    atTimeMs,
                    CertificateReasons.NOT_YET_VALID,
                    CertificateReasons.EXPIRED))
        .and(
            () ->
                Check.require(
                    !certificate.isCa(),
                    CertificateReasons.LEAF_IS_CA,
                    () -> "a CA certificate cannot act as a " + purposeName(purpose)))
        .and(() -> unknownCriticalCheck(certificate))
        .and(() -> keyUsageCheck(certificate, purpose));
  }

  private static Check windowCheck(
      Certificate certificate, long atTimeMs, String notYetValid, String expired) {
    return Check.require(
            atTimeMs >= certificate.notBeforeMs(),
            notYetValid,
            () ->
                "valid from "
                    + Instant.ofEpochMilli(certificate.notBeforeMs())
                    + ", checked at "
                    + Instant.ofEpochMilli(atTimeMs))
        .and(
            () ->
                Check.require(
                    atTimeMs <= certificate.notAfterMs(),
                    expired,
                    () ->
                        "valid until "
                            + Instant.ofEpochMilli(certificate.notAfterMs())
                            + ", checked at "
                            + Instant.ofEpochMilli(atTimeMs)));
  }

  private static Check unknownCriticalCheck(Certificate certificate) {
    List<String> unknown = certificate.unknownCriticalExtensions();
    return Check.require(
        unknown.isEmpty(),
        CertificateReasons.UNKNOWN_CRITICAL_EXTENSION,
        () -> "it has critical extensions we do not process: " + String.join(", ", unknown));
  }

  private static Check keyUsageCheck(Certificate certificate, Purpose purpose) {
    boolean serverAuth = certificate.hasExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth);
    boolean clientAuth = certificate.hasExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth);
    Check signing =
        Check.require(
            certificate.hasKeyUsage(KeyUsage.digitalSignature),
            CertificateReasons.WRONG_KEY_USAGE,
            () -> "its keyUsage lacks digitalSignature");
    return switch (purpose) {
      case NODE ->
          signing.and(
              () ->
                  Check.require(
                      serverAuth && clientAuth,
                      CertificateReasons.WRONG_KEY_USAGE,
                      () -> "a node certificate needs extendedKeyUsage serverAuth and clientAuth"));
      case CLIENT ->
          signing
              .and(
                  () ->
                      Check.require(
                          clientAuth,
                          CertificateReasons.WRONG_KEY_USAGE,
                          () -> "a client certificate needs extendedKeyUsage clientAuth"))
              .and(
                  () ->
                      Check.require(
                          !serverAuth,
                          CertificateReasons.WRONG_KEY_USAGE,
                          () -> "a node certificate (serverAuth) cannot act as a client"));
    };
  }

  private static String purposeName(Purpose purpose) {
    return switch (purpose) {
      case NODE -> "node";
      case CLIENT -> "client";
    };
  }

  private static Validation.Invalid reject(Certificate certificate, Check.Rejected rejected) {
    return detailed(certificate, rejected);
  }

  /** Prefixes the detail with who presented what: subject, issuer and serial. */
  private static Validation.Invalid detailed(Certificate certificate, Check.Rejected rejected) {
    String who =
        "certificate subject "
            + Names.forDetail(certificate.subjectName())
            + " issuer "
            + Names.forDetail(certificate.issuerName())
            + " serial "
            + certificate.serial().toString(16);
    return invalid(rejected.reason(), who + ": " + rejected.detail());
  }

  private static Validation.Invalid invalid(String reason, String detail) {
    return new Validation.Invalid(new Check.Rejected(reason, capUtf8(detail)));
  }

  /** Cuts {@code text} so that its UTF-8 encoding fits {@link CoreLimits#TEXT_BYTES_MAX}. */
  static String capUtf8(String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= CoreLimits.TEXT_BYTES_MAX) {
      return text;
    }
    int end = Math.min(text.length(), CoreLimits.TEXT_BYTES_MAX);
    while (text.substring(0, end).getBytes(StandardCharsets.UTF_8).length
        > CoreLimits.TEXT_BYTES_MAX - 3) {
      end--;
    }
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
