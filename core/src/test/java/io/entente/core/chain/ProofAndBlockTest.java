package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.merkle.MerkleProof;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofAndBlockTest {
  private static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);

  private static BlockHeader header(long height, Hash txRoot, Hash prevReceiptRoot) {
    BlockHeader h = ChainSamples.blockHeader();
    return new BlockHeader(
        h.channel(),
        height,
        h.parentHash(),
        h.proposer(),
        h.round(),
        h.timestampMs(),
        h.rulesVersion(),
        h.validatorSetHash(),
        txRoot,
        prevReceiptRoot,
        h.prevStateDigest());
  }

  @Test
  void aBlockChecksItsTxRootOverTheSignedTransactions() {
    Block block = ChainSamples.block();
    assertThat(block.checkTxRoot(SUITE).isAccepted()).isTrue();

    List<Transaction> transactions = block.transactions();
    Transaction resigned = new Transaction(transactions.get(0).body(), ChainSamples.signature(99));
    Block otherSignature = new Block(block.header(), List.of(resigned, transactions.get(1)));
    assertReason(otherSignature.checkTxRoot(SUITE), Block.TX_ROOT_MISMATCH);

    Block reordered = new Block(block.header(), List.of(transactions.get(1), transactions.get(0)));
    assertReason(reordered.checkTxRoot(SUITE), Block.TX_ROOT_MISMATCH);
  }

  @Test
  void anEmptyBlocksTxRootIsTheEmptyTree() {
    assertThat(Block.txRoot(SUITE, List.of())).isEqualTo(SUITE.hash());
  }

  @Test
  void theBlockHashIsTheHeaderHashWhateverTheCertificate() {
    CertifiedBlock certified = ChainSamples.certifiedBlock();
    assertThat(certified.block().hash(SUITE))
        .isEqualTo(SUITE.hash(BlockHeader.CODEC.encode(certified.block().header())));
    assertThat(certified.certificate().blockHash()).isEqualTo(certified.block().hash(SUITE));
  }

  @Test
  void aTransactionProofVerifiesAgainstItsOwnHeaderOnly() {
    Block block = ChainSamples.block();
    for (int i = 0; i < block.transactions().size(); i++) {
      InclusionProof proof = InclusionProof.ofTransaction(SUITE, block, i);
      assertThat(proof.leaf()).isEqualTo(Transaction.CODEC.encode(block.transactions().get(i)));
      assertThat(proof.verify(SUITE, block.header()).isAccepted()).isTrue();
    }
    InclusionProof proof = InclusionProof.ofTransaction(SUITE, block, 0);
    BlockHeader next = header(block.header().height() + 1, block.header().txRoot(), Hash.ZERO);
    assertReason(proof.verify(SUITE, next), InclusionProof.WRONG_HEADER);
  }

  @Test
  void aReceiptProofVerifiesAgainstTheNextHeadersPrevReceiptRoot() {
    List<Receipt> receipts = ChainSamples.receipts();
    Hash root = Receipt.root(SUITE, receipts);
    InclusionProof proof = InclusionProof.ofReceipt(SUITE, 6, receipts, 1);

    assertThat(proof.verify(SUITE, header(7, Hash.ZERO, root)).isAccepted()).isTrue();
    assertReason(proof.verify(SUITE, header(6, root, root)), InclusionProof.WRONG_HEADER);
    assertReason(
        proof.verify(SUITE, header(7, root, ChainSamples.hash("other receipts"))),
        MerkleProof.ROOT_MISMATCH);
  }

  @Test
  void anAlteredLeafIsRejected() {
    InclusionProof proof = ChainSamples.inclusionProof();
    byte[] leaf = proof.leaf().toByteArray();
    leaf[leaf.length - 1] ^= 1;
    InclusionProof altered =
        new InclusionProof(proof.kind(), proof.height(), Bytes.of(leaf), proof.proof());
    assertReason(altered.verify(SUITE, ChainSamples.blockHeader()), MerkleProof.ROOT_MISMATCH);
  }

  @Test
  void aSetChangeTakesEffectAtTheNextHeight() {
    ValidatorSet current = ChainSamples.validatorSet();
    List<Transaction> withChange = ChainSamples.transactions();
    assertThat(ValidatorSetChange.check(current, withChange).isAccepted()).isTrue();
    assertThat(ValidatorSetChange.nextSet(current, withChange))
        .isEqualTo(ChainSamples.validatorSetChange().next());
    assertThat(ValidatorSetChange.nextSet(current, withChange.subList(0, 1))).isEqualTo(current);
    assertThat(ValidatorSetChange.nextSet(current, List.of())).isEqualTo(current);
  }

  @Test
  void aBlockChangesTheSetAtMostOnceWithAWellFormedSetOfTheSameSuite() {
    ValidatorSet current = ChainSamples.validatorSet();
    Transaction change = ChainSamples.transactions().get(1);
    assertReason(
        ValidatorSetChange.check(current, List.of(change, change)),
        ValidatorSetChange.MORE_THAN_ONE);
    assertThatThrownBy(() -> ValidatorSetChange.nextSet(current, List.of(change, change)))
        .isInstanceOf(IllegalStateException.class);

    assertReason(
        ValidatorSetChange.check(current, List.of(withPayload(change, ChainSamples.utf8("junk")))),
        ValidatorSetChange.MALFORMED);

    ValidatorSet guomi =
        ValidatorSet.of(List.of(TestKeys.validator(TestKeys.signer(SuiteId.GUOMI, 1), "bank-a")));
    Bytes guomiPayload = new ValidatorSetChange(guomi).toPayload();
    assertReason(
        ValidatorSetChange.check(current, List.of(withPayload(change, guomiPayload))),
        ValidatorSetChange.OTHER_SUITE);
  }

  @Test
  void genesisKeysMatchItsSuiteAndItsHashDependsOnEveryField() {
    Genesis genesis = ChainSamples.genesis();
    assertThat(genesis.hash()).isEqualTo(SUITE.hash(Genesis.CODEC.encode(genesis)));
    Genesis withoutRule =
        new Genesis(
            genesis.channel(),
            genesis.suite(),
            genesis.genesisTimeMs(),
            genesis.rulesVersion(),
            genesis.validators(),
            false);
    assertThat(withoutRule.hash()).isNotEqualTo(genesis.hash());
    assertThatThrownBy(
            () ->
                new Genesis(
                    genesis.channel(),
                    SuiteId.GUOMI,
                    genesis.genesisTimeMs(),
                    1,
                    genesis.validators(),
                    true))
        .hasMessageContaining("suite");
  }

  private static Transaction withPayload(Transaction transaction, Bytes payload) {
    TxBody b = transaction.body();
    return new Transaction(
        new TxBody(
            b.channel(),
            b.application(),
            b.type(),
            payload,
            b.submitterCertificateId(),
            b.idempotencyKey(),
            b.validFromMs(),
            b.validUntilMs()),
        transaction.signature());
  }

  private static void assertReason(Check check, String reason) {
    assertThat(check)
        .isInstanceOfSatisfying(
            Check.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }
}
