package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.merkle.MerkleProof;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The offline verifier accepts a record proven through a validator-set change, and every kind of
 * tampering — with the transaction, a header, a certificate, a seal, the proof or the change
 * history — is rejected with a reason naming what failed.
 */
class OfflineVerifierTest {
  private static final String CHANNEL = "loans-lead-partner";
  private static final long TIME_MS = 1_767_225_600_000L;

  /** A chain of four blocks; block 2 replaces validator 3 with validator 4 from block 3 on. */
  private static ChainBuilder chain(SuiteId id) {
    List<Signer> signers = new ArrayList<>();
    for (int number = 0; number < 5; number++) {
      signers.add(TestKeys.signer(id, number));
    }
    ValidatorSet first = set(signers, 0, 1, 2, 3);
    ChainBuilder chain =
        new ChainBuilder(new Genesis(CHANNEL, id, TIME_MS, 1, first, true), signers);
    chain.append(List.of(record(id, signers, "loan-1")));
    chain.append(
        List.of(record(id, signers, "loan-2"), change(id, signers, set(signers, 0, 1, 2, 4))));
    chain.append(List.of(record(id, signers, "loan-3"), record(id, signers, "loan-4")));
    chain.append(List.of(record(id, signers, "loan-5")));
    return chain;
  }

  private static ValidatorSet set(List<Signer> signers, int... numbers) {
    List<Validator> validators = new ArrayList<>();
    for (int number : numbers) {
      validators.add(TestKeys.validator(signers.get(number), number % 2 == 0 ? "lead" : "partner"));
    }
    return ValidatorSet.of(validators);
  }

  private static Transaction record(SuiteId id, List<Signer> signers, String reference) {
    return transaction(
        id, signers, "colending", "attestation", reference, utf8("DISBURSEMENT " + reference));
  }

  private static Transaction change(SuiteId id, List<Signer> signers, ValidatorSet next) {
    return transaction(
        id,
        signers,
        ValidatorSetChange.APPLICATION,
        ValidatorSetChange.TYPE,
        "set-change-1",
        new ValidatorSetChange(next).toPayload());
  }

  private static Transaction transaction(
      SuiteId id, List<Signer> signers, String app, String type, String key, Bytes payload) {
    CryptoSuite suite = CryptoSuite.of(id);
    TxBody body =
        new TxBody(
            CHANNEL,
            app,
            type,
            payload,
            suite.hash(utf8("submitter certificate")),
            key,
            TIME_MS,
            TIME_MS + 3_600_000);
    return Transaction.sign(suite, signers.get(0), body);
  }

  private static Bytes utf8(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void acceptsTransactionsAndReceiptsProvenAcrossASetChange(SuiteId id) {
    ChainBuilder chain = chain(id);
    assertThat(chain.changesBelow(5)).hasSize(1);

    assertThat(OfflineVerifier.verify(chain.auditTransaction(1, 0))).isEqualTo(Check.accepted());
    assertThat(OfflineVerifier.verify(chain.auditTransaction(3, 1))).isEqualTo(Check.accepted());
    assertThat(OfflineVerifier.verify(chain.auditTransaction(4, 0))).isEqualTo(Check.accepted());
    assertThat(OfflineVerifier.verify(chain.auditReceipt(2, 1))).isEqualTo(Check.accepted());
    assertThat(OfflineVerifier.verify(chain.auditReceipt(3, 0))).isEqualTo(Check.accepted());
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aTamperedTransactionIsRejected(SuiteId id) {
    ChainBuilder chain = chain(id);
    CryptoSuite suite = CryptoSuite.of(id);
    AuditBundle bundle = chain.auditTransaction(3, 0);
    Bytes leaf = flipLastByte(bundle.proof().leaf());
    InclusionProof tampered =
        new InclusionProof(bundle.proof().kind(), 3, leaf, bundle.proof().proof());
    assertRejected(
        OfflineVerifier.verify(withProof(bundle, tampered)), "merkle-root-mismatch", "proof");

    // Inside a block, the same change breaks the transaction root and the signature.
    Block block = chain.block(3).block();
    Transaction original = block.transactions().get(0);
    Transaction altered =
        new Transaction(
            new TxBody(
                CHANNEL,
                original.body().application(),
                original.body().type(),
                utf8("DISBURSEMENT loan-3 (amount changed)"),
                original.body().submitterCertificateId(),
                original.body().idempotencyKey(),
                original.body().validFromMs(),
                original.body().validUntilMs()),
            original.signature());
    Block forged = new Block(block.header(), List.of(altered, block.transactions().get(1)));
    assertRejected(forged.checkTxRoot(suite), Block.TX_ROOT_MISMATCH, "");
    assertRejected(
        altered.verifySignature(suite, TestKeys.signer(id, 0).publicKey()),
        "signature-invalid",
        "");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aTamperedHeaderIsRejected(SuiteId id) {
    AuditBundle bundle = chain(id).auditTransaction(4, 0);
    BlockHeader header = bundle.anchor().header();
    BlockHeader later =
        new BlockHeader(
            header.channel(),
            header.height(),
            header.parentHash(),
            header.proposer(),
            header.round(),
            header.timestampMs() + 1,
            header.rulesVersion(),
            header.validatorSetHash(),
            header.txRoot(),
            header.prevReceiptRoot(),
            header.prevStateDigest());
    AuditBundle tampered =
        new AuditBundle(
            bundle.genesis(),
            bundle.changes(),
            new CertifiedHeader(later, bundle.anchor().certificate()),
            bundle.proof());
    assertRejected(
        OfflineVerifier.verify(tampered), BlockCertificates.BLOCK_HASH_MISMATCH, "block 4");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aCertificateWithoutAQuorumOrWithAnOutsiderIsRejected(SuiteId id) {
    ChainBuilder chain = chain(id);
    AuditBundle bundle = chain.auditTransaction(4, 0);
    List<Seal> seals = bundle.anchor().certificate().seals();

    BlockCertificate tooFew =
        BlockCertificate.of(bundle.anchor().certificate().blockHash(), seals.subList(0, 2));
    assertRejected(
        OfflineVerifier.verify(withCertificate(bundle, tooFew)),
        BlockCertificates.NO_QUORUM,
        "block 4");

    // Validator 3 left the set at height 3: its seal does not count at height 4.
    CryptoSuite suite = CryptoSuite.of(id);
    Seal outsider =
        Seal.sign(suite, TestKeys.signer(id, 3), SealPayload.of(suite, bundle.anchor().header()));
    List<Seal> withOutsider = new ArrayList<>(seals.subList(0, 2));
    withOutsider.add(outsider);
    BlockCertificate foreign =
        BlockCertificate.of(bundle.anchor().certificate().blockHash(), withOutsider);
    assertRejected(
        OfflineVerifier.verify(withCertificate(bundle, foreign)),
        BlockCertificates.NOT_A_VALIDATOR,
        "block 4");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aTamperedSealIsRejected(SuiteId id) {
    AuditBundle bundle = chain(id).auditTransaction(1, 0);
    List<Seal> seals = new ArrayList<>(bundle.anchor().certificate().seals());
    Seal first = seals.get(0);
    seals.set(
        0, new Seal(first.validator(), new Signature(flipLastByte(first.signature().value()))));
    BlockCertificate tampered =
        BlockCertificate.of(bundle.anchor().certificate().blockHash(), seals);
    assertRejected(
        OfflineVerifier.verify(withCertificate(bundle, tampered)),
        BlockCertificates.SEAL_SIGNATURE_INVALID,
        "block 1");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aTamperedProofIsRejected(SuiteId id) {
    AuditBundle bundle = chain(id).auditTransaction(3, 1);
    MerkleProof path = bundle.proof().proof();
    List<Hash> hashes = new ArrayList<>(path.path());
    hashes.set(0, Hash.ZERO);
    InclusionProof tampered =
        new InclusionProof(
            bundle.proof().kind(),
            bundle.proof().height(),
            bundle.proof().leaf(),
            new MerkleProof(path.leafIndex(), path.leafCount(), hashes));
    assertRejected(
        OfflineVerifier.verify(withProof(bundle, tampered)), "merkle-root-mismatch", "proof");

    InclusionProof wrongBlock =
        new InclusionProof(bundle.proof().kind(), 2, bundle.proof().leaf(), path);
    assertRejected(
        OfflineVerifier.verify(withProof(bundle, wrongBlock)),
        InclusionProof.WRONG_HEADER,
        "proof");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aMissingOrMisplacedSetChangeIsRejected(SuiteId id) {
    ChainBuilder chain = chain(id);
    AuditBundle bundle = chain.auditTransaction(3, 0);

    AuditBundle missing =
        new AuditBundle(bundle.genesis(), List.of(), bundle.anchor(), bundle.proof());
    assertRejected(
        OfflineVerifier.verify(missing), OfflineVerifier.VALIDATOR_SET_UNKNOWN, "block 3");

    AuditBundle twice =
        new AuditBundle(
            bundle.genesis(),
            List.of(bundle.changes().get(0), bundle.changes().get(0)),
            bundle.anchor(),
            bundle.proof());
    assertRejected(OfflineVerifier.verify(twice), OfflineVerifier.CHANGES_OUT_OF_ORDER, "");

    AuditBundle early = chain.auditTransaction(2, 0);
    AuditBundle changeAtAnchor =
        new AuditBundle(early.genesis(), bundle.changes(), early.anchor(), early.proof());
    assertRejected(
        OfflineVerifier.verify(changeAtAnchor), OfflineVerifier.CHANGE_NOT_BEFORE_ANCHOR, "");

    // An ordinary transaction proven from block 2 is not evidence of a set change.
    CertifiedChange notAChange =
        new CertifiedChange(
            CertifiedHeader.of(chain.block(2)),
            InclusionProof.ofTransaction(CryptoSuite.of(id), chain.block(2).block(), 0));
    AuditBundle forged =
        new AuditBundle(bundle.genesis(), List.of(notAChange), bundle.anchor(), bundle.proof());
    assertRejected(OfflineVerifier.verify(forged), OfflineVerifier.NOT_A_SET_CHANGE, "block 2");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aBundleOfAnotherChannelIsRejected(SuiteId id) {
    AuditBundle bundle = chain(id).auditTransaction(1, 0);
    Genesis genesis = bundle.genesis();
    Genesis other =
        new Genesis(
            "loans-lead-other",
            genesis.suite(),
            genesis.genesisTimeMs(),
            genesis.rulesVersion(),
            genesis.validators(),
            genesis.sealFromEveryInstitution());
    AuditBundle tampered =
        new AuditBundle(other, bundle.changes(), bundle.anchor(), bundle.proof());
    assertRejected(OfflineVerifier.verify(tampered), OfflineVerifier.CHANNEL_MISMATCH, "block 1");
  }

  private static AuditBundle withProof(AuditBundle bundle, InclusionProof proof) {
    return new AuditBundle(bundle.genesis(), bundle.changes(), bundle.anchor(), proof);
  }

  private static AuditBundle withCertificate(AuditBundle bundle, BlockCertificate certificate) {
    return new AuditBundle(
        bundle.genesis(),
        bundle.changes(),
        new CertifiedHeader(bundle.anchor().header(), certificate),
        bundle.proof());
  }

  private static Bytes flipLastByte(Bytes value) {
    byte[] copy = value.toByteArray();
    copy[copy.length - 1] ^= 0x01;
    return Bytes.wrapUnsafe(copy);
  }

  private static void assertRejected(Check check, String reason, String detailMentions) {
    assertThat(check)
        .isInstanceOfSatisfying(
            Check.Rejected.class,
            rejected -> {
              assertThat(rejected.reason()).isEqualTo(reason);
              assertThat(rejected.detail()).contains(detailMentions);
            });
  }
}
