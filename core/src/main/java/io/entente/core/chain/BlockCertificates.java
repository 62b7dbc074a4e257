package io.entente.core.chain;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeSet;

/** Whether a certificate makes a block final. */
public final class BlockCertificates {
  public static final String BLOCK_HASH_MISMATCH = "certificate-block-hash-mismatch";
  public static final String NOT_A_VALIDATOR = "not-a-validator";
  public static final String NO_QUORUM = "no-quorum";
  public static final String INSTITUTION_SEAL_MISSING = "institution-seal-missing";
  public static final String SEAL_SIGNATURE_INVALID = "seal-signature-invalid";

  private BlockCertificates() {}

  /**
   * Accepted when the certificate is for this header's hash, every seal is by a member of {@code
   * validators} (the set of the header's height) with a valid signature over the header's {@link
   * SealPayload}, there are at least a quorum of seals and, when required, a seal from every
   * institution. Seals are sorted and distinct by construction of {@link BlockCertificate}, so each
   * validator counts once. Cheap checks run first; signatures last.
   */
  public static Check verify(
      CryptoSuite suite,
      BlockHeader header,
      BlockCertificate certificate,
      ValidatorSet validators,
      boolean sealFromEveryInstitution) {
    if (validators.suite() != suite.id()) {
      throw new IllegalArgumentException("validator set and suite disagree");
    }
    Hash blockHash = header.hash(suite);
    if (!blockHash.equals(certificate.blockHash())) {
      return Check.rejected(
          BLOCK_HASH_MISMATCH,
          "the certificate seals "
              + certificate.blockHash().shortHex()
              + ", the header hashes to "
              + blockHash.shortHex());
    }
    NavigableMap<Hash, Validator> members = validators.fingerprintIndex();
    return checkMembers(certificate, members)
        .and(() -> checkQuorum(certificate, validators))
        .and(
            () ->
                sealFromEveryInstitution
                    ? checkEveryInstitution(certificate, validators, members)
                    : Check.accepted())
        .and(() -> checkSignatures(suite, header, blockHash, certificate, members));
  }

  private static Check checkMembers(
      BlockCertificate certificate, NavigableMap<Hash, Validator> members) {
    for (Seal seal : certificate.seals()) {
      if (!members.containsKey(seal.validator())) {
        return Check.rejected(
            NOT_A_VALIDATOR, "seal by " + seal.validator().shortHex() + " outside the set");
      }
    }
    return Check.accepted();
  }

  private static Check checkQuorum(BlockCertificate certificate, ValidatorSet validators) {
    int seals = certificate.seals().size();
    return Check.require(
        seals >= validators.quorum(),
        NO_QUORUM,
        () ->
            seals
                + " seals of "
                + validators.size()
                + " validators, quorum "
                + validators.quorum());
  }

  private static Check checkEveryInstitution(
      BlockCertificate certificate,
      ValidatorSet validators,
      NavigableMap<Hash, Validator> members) {
    TreeSet<String> sealed = new TreeSet<>();
    for (Seal seal : certificate.seals()) {
      sealed.add(members.get(seal.validator()).institution());
    }
    List<String> missing = new ArrayList<>();
    for (String institution : validators.institutions()) {
      if (!sealed.contains(institution)) {
        missing.add(institution);
      }
    }
    return Check.require(
        missing.isEmpty(), INSTITUTION_SEAL_MISSING, () -> "no seal from " + missing);
  }

  private static Check checkSignatures(
      CryptoSuite suite,
      BlockHeader header,
      Hash blockHash,
      BlockCertificate certificate,
      NavigableMap<Hash, Validator> members) {
    Bytes message =
        SealPayload.CODEC.encode(new SealPayload(header.channel(), header.height(), blockHash));
    for (Seal seal : certificate.seals()) {
      Signature signature = seal.signature();
      Check check = suite.verify(members.get(seal.validator()).key(), message, signature);
      if (check instanceof Check.Rejected rejected) {
        return Check.rejected(
            SEAL_SIGNATURE_INVALID,
            "seal by " + seal.validator().shortHex() + ": " + rejected.reason());
      }
    }
    return Check.accepted();
  }
}
