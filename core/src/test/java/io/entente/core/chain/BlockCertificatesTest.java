package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Five validators: two of bank-a, two of bank-b, one witness; quorum 4. Seals are real signatures.
 */
class BlockCertificatesTest {

  record Channel(CryptoSuite suite, List<Signer> signers, ValidatorSet set, BlockHeader header) {
    static Channel of(SuiteId id) {
      CryptoSuite suite = CryptoSuite.of(id);
      String[] institutions = {"bank-a", "bank-a", "bank-b", "bank-b", "witness"};
      List<Signer> signers = new ArrayList<>();
      List<Validator> validators = new ArrayList<>();
      for (int i = 0; i < institutions.length; i++) {
        Signer signer = TestKeys.signer(id, i);
        signers.add(signer);
        validators.add(TestKeys.validator(signer, institutions[i]));
      }
      ValidatorSet set = ValidatorSet.of(validators);
      BlockHeader sample = ChainSamples.blockHeader();
      BlockHeader header =
          new BlockHeader(
              sample.channel(),
              sample.height(),
              sample.parentHash(),
              suite.fingerprint(signers.get(0).publicKey()),
              0,
              sample.timestampMs(),
              1,
              set.hash(suite),
              Block.txRoot(suite, ChainSamples.transactions()),
              sample.prevReceiptRoot(),
              sample.prevStateDigest());
      return new Channel(suite, signers, set, header);
    }

    Seal seal(int signer) {
      return seal(signer, header);
    }

    Seal seal(int signer, BlockHeader sealed) {
      return Seal.sign(suite, signers.get(signer), SealPayload.of(suite, sealed));
    }

    BlockCertificate certificate(List<Seal> seals) {
      return BlockCertificate.of(header.hash(suite), seals);
    }

    Check verify(BlockCertificate certificate, boolean everyInstitution) {
      return BlockCertificates.verify(suite, header, certificate, set, everyInstitution);
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aQuorumOfValidSealsFromEveryInstitutionIsAccepted(SuiteId id) {
    Channel channel = Channel.of(id);
    BlockCertificate certificate =
        channel.certificate(
            List.of(channel.seal(4), channel.seal(0), channel.seal(2), channel.seal(3)));
    assertThat(channel.verify(certificate, true).isAccepted()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aCertificateForAnotherHeaderIsRejected(SuiteId id) {
    Channel channel = Channel.of(id);
    Hash other = ChainSamples.hash("another block");
    BlockCertificate certificate =
        BlockCertificate.of(
            other, List.of(channel.seal(0), channel.seal(1), channel.seal(2), channel.seal(4)));
    assertReason(channel.verify(certificate, false), BlockCertificates.BLOCK_HASH_MISMATCH);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aSealFromOutsideTheSetIsRejected(SuiteId id) {
    Channel channel = Channel.of(id);
    Signer outsider = TestKeys.signer(id, 9);
    Seal foreign =
        Seal.sign(channel.suite(), outsider, SealPayload.of(channel.suite(), channel.header()));
    BlockCertificate certificate =
        channel.certificate(
            List.of(channel.seal(0), channel.seal(1), channel.seal(2), channel.seal(3), foreign));
    assertReason(channel.verify(certificate, false), BlockCertificates.NOT_A_VALIDATOR);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void fewerSealsThanAQuorumAreRejected(SuiteId id) {
    Channel channel = Channel.of(id);
    BlockCertificate certificate =
        channel.certificate(List.of(channel.seal(0), channel.seal(2), channel.seal(4)));
    assertReason(channel.verify(certificate, false), BlockCertificates.NO_QUORUM);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aMissingInstitutionIsRejectedOnlyWhenEveryInstitutionMustSeal(SuiteId id) {
    Channel channel = Channel.of(id);
    BlockCertificate withoutWitness =
        channel.certificate(
            List.of(channel.seal(0), channel.seal(1), channel.seal(2), channel.seal(3)));
    assertThat(channel.verify(withoutWitness, false).isAccepted()).isTrue();
    assertReason(channel.verify(withoutWitness, true), BlockCertificates.INSTITUTION_SEAL_MISSING);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aSealOverAnotherBlockIsRejected(SuiteId id) {
    Channel channel = Channel.of(id);
    BlockHeader h = channel.header();
    BlockHeader otherRound =
        new BlockHeader(
            h.channel(),
            h.height(),
            h.parentHash(),
            h.proposer(),
            h.round() + 1,
            h.timestampMs(),
            h.rulesVersion(),
            h.validatorSetHash(),
            h.txRoot(),
            h.prevReceiptRoot(),
            h.prevStateDigest());
    BlockCertificate certificate =
        channel.certificate(
            List.of(
                channel.seal(0), channel.seal(1, otherRound), channel.seal(2), channel.seal(3)));
    assertReason(channel.verify(certificate, false), BlockCertificates.SEAL_SIGNATURE_INVALID);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aSignatureByOneValidatorUnderAnothersNameIsRejected(SuiteId id) {
    Channel channel = Channel.of(id);
    Seal byZero = channel.seal(0);
    Seal claimedByOne = new Seal(channel.seal(1).validator(), byZero.signature());
    BlockCertificate certificate =
        channel.certificate(List.of(byZero, claimedByOne, channel.seal(2), channel.seal(3)));
    assertReason(channel.verify(certificate, false), BlockCertificates.SEAL_SIGNATURE_INVALID);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aCertifiedBlockNeedsItsTransactionsAndACertificate(SuiteId id) {
    Channel channel = Channel.of(id);
    BlockCertificate certificate =
        channel.certificate(
            List.of(channel.seal(0), channel.seal(1), channel.seal(2), channel.seal(3)));
    List<Transaction> transactions = ChainSamples.transactions();
    CertifiedBlock certified =
        new CertifiedBlock(new Block(channel.header(), transactions), certificate);
    assertThat(certified.check(channel.suite(), channel.set(), false).isAccepted()).isTrue();

    CertifiedBlock missingOne =
        new CertifiedBlock(new Block(channel.header(), transactions.subList(0, 1)), certificate);
    assertReason(missingOne.check(channel.suite(), channel.set(), false), Block.TX_ROOT_MISMATCH);
  }

  private static void assertReason(Check check, String reason) {
    assertThat(check)
        .isInstanceOfSatisfying(
            Check.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }
}
