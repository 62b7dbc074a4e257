package io.entente.core.chain;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt.Status;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.SuiteId;
import io.entente.core.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deterministic sample values, one per top-level type, for the golden vectors. Keys and signatures
 * are fixed bytes, not real ones: codecs do not verify them. Changing a sample changes its golden
 * vector, so treat these values as frozen.
 */
public final class ChainSamples {
  private ChainSamples() {}

  static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);
  static final String CHANNEL = "loans-bank-a-bank-b";
  static final long TIME_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  static Bytes utf8(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  static Hash hash(String label) {
    return SUITE.hash(utf8(label));
  }

  static PublicKey key(int number) {
    Bytes point = Bytes.of(new byte[] {0x02}).concat(hash("key " + number).value());
    return new PublicKey(SuiteId.STANDARD, point);
  }

  static Signature signature(int number) {
    return new Signature(hash("r " + number).value().concat(hash("s " + number).value()));
  }

  static Validator validator() {
    return new Validator("bank-a", key(1));
  }

  static ValidatorSet validatorSet() {
    return ValidatorSet.of(
        List.of(
            new Validator("bank-b", key(4)),
            new Validator("bank-a", key(1)),
            new Validator("bank-b", key(3)),
            new Validator("bank-a", key(2))));
  }

  static TxBody txBody() {
    return new TxBody(
        CHANNEL,
        "colending",
        "disbursement",
        utf8("loan L-0001 disbursed 1000000 fen"),
        hash("certificate of bank-a client"),
        "bank-a/2026-01-01/0001",
        TIME_MS,
        TIME_MS + 3_600_000);
  }

  static Transaction transaction() {
    return new Transaction(txBody(), signature(10));
  }

  static RecordBatch recordBatch() {
    return new RecordBatch(
        List.of(utf8("repayment L-0001 1200 fen"), Bytes.EMPTY, utf8("备付金 reserve move")));
  }

  static List<Transaction> transactions() {
    TxBody second =
        new TxBody(
            CHANNEL,
            ValidatorSetChange.APPLICATION,
            ValidatorSetChange.TYPE,
            validatorSetChange().toPayload(),
            hash("certificate of bank-b client"),
            "bank-b/2026-01-01/0001",
            TIME_MS,
            TIME_MS + 86_400_000);
    return List.of(transaction(), new Transaction(second, signature(11)));
  }

  static BlockHeader blockHeader() {
    return new BlockHeader(
        CHANNEL,
        7,
        hash("block 6"),
        validatorSet().validators().get(0).fingerprint(),
        1,
        TIME_MS + 60_000,
        1,
        validatorSet().hash(SUITE),
        Block.txRoot(SUITE, transactions()),
        Receipt.root(SUITE, receipts()),
        hash("state after block 6"));
  }

  static SealPayload sealPayload() {
    return SealPayload.of(SUITE, blockHeader());
  }

  static Seal seal() {
    return new Seal(validatorSet().validators().get(0).fingerprint(), signature(20));
  }

  static BlockCertificate certificate() {
    List<Validator> validators = validatorSet().validators();
    return BlockCertificate.of(
        blockHeader().hash(SUITE),
        List.of(
            new Seal(validators.get(0).fingerprint(), signature(20)),
            new Seal(validators.get(2).fingerprint(), signature(21)),
            new Seal(validators.get(3).fingerprint(), signature(22))));
  }

  static Block block() {
    return new Block(blockHeader(), transactions());
  }

  static CertifiedBlock certifiedBlock() {
    return new CertifiedBlock(block(), certificate());
  }

  static List<Receipt> receipts() {
    return List.of(
        new Receipt(hash("tx 6/0"), 0, Status.ACCEPTED, "", "", utf8("transfer T-1")),
        new Receipt(
            hash("tx 6/1"),
            1,
            Status.REJECTED,
            "insufficient-reserve",
            "reserve 0 fen",
            Bytes.EMPTY));
  }

  static Receipt receipt() {
    return receipts().get(1);
  }

  static Genesis genesis() {
    return new Genesis(CHANNEL, SuiteId.STANDARD, TIME_MS, 1, validatorSet(), true);
  }

  /** A bilateral channel's genesis that imports governance decisions. */
  static Genesis anchoredGenesis() {
    return new Genesis(
        CHANNEL,
        SuiteId.STANDARD,
        TIME_MS,
        1,
        validatorSet(),
        true,
        Optional.of(new GovernanceAnchor("governance", validatorSetChange().next(), false)));
  }

  static GovernanceDecision governanceDecision() {
    return new GovernanceDecision(
        7, new GovernanceDecision.ChannelValidators(CHANNEL, validatorSetChange().next()));
  }

  static List<Receipt> decisionReceipts() {
    return List.of(
        receipts().get(0),
        new Receipt(
            hash("vote"),
            1,
            Status.ACCEPTED,
            "",
            "decided",
            GovernanceDecision.CODEC.encode(governanceDecision())));
  }

  static GovernanceUpdate governanceUpdate() {
    BlockHeader header = blockHeader();
    return new GovernanceUpdate(
        List.of(certifiedChange()),
        new CertifiedHeader(header, certificate()),
        InclusionProof.ofReceipt(SUITE, header.height() - 1, decisionReceipts(), 1));
  }

  static GovernanceView governanceView() {
    return new GovernanceView("governance", validatorSet(), 5, false, 7, 12);
  }

  static ValidatorSetChange validatorSetChange() {
    List<Validator> validators = validatorSet().validators();
    return new ValidatorSetChange(
        ValidatorSet.of(
            List.of(
                validators.get(0),
                validators.get(1),
                validators.get(2),
                new Validator("witness", key(5)))));
  }

  static InclusionProof inclusionProof() {
    return InclusionProof.ofTransaction(SUITE, block(), 1);
  }

  static InclusionProof receiptProof() {
    return InclusionProof.ofReceipt(SUITE, 6, receipts(), 0);
  }

  static CertifiedHeader certifiedHeader() {
    return new CertifiedHeader(blockHeader(), certificate());
  }

  static CertifiedChange certifiedChange() {
    Transaction change =
        new Transaction(
            new TxBody(
                CHANNEL,
                ValidatorSetChange.APPLICATION,
                ValidatorSetChange.TYPE,
                validatorSetChange().toPayload(),
                hash("governance"),
                "set-change-1",
                TIME_MS,
                TIME_MS + 60_000),
            signature(9));
    Block block = new Block(blockHeader(), List.of(transaction(), change));
    return new CertifiedChange(certifiedHeader(), InclusionProof.ofTransaction(SUITE, block, 1));
  }

  static AuditBundle auditBundle() {
    return new AuditBundle(
        genesis(), List.of(certifiedChange()), certifiedHeader(), inclusionProof());
  }

  /** One sample per {@link ChainCodecs} name. */
  public static Map<String, Object> byName() {
    Map<String, Object> samples = new LinkedHashMap<>();
    samples.put(
        "merkle-proof",
        MerkleTree.proof(SUITE, List.of(utf8("a"), utf8("b"), utf8("c"), utf8("d"), utf8("e")), 2));
    samples.put("validator", validator());
    samples.put("validator-set", validatorSet());
    samples.put("tx-body", txBody());
    samples.put("transaction", transaction());
    samples.put("record-batch", recordBatch());
    samples.put("block-header", blockHeader());
    samples.put("seal-payload", sealPayload());
    samples.put("seal", seal());
    samples.put("block-certificate", certificate());
    samples.put("block", block());
    samples.put("certified-block", certifiedBlock());
    samples.put("receipt", receipt());
    samples.put("genesis", anchoredGenesis());
    samples.put("validator-set-change", validatorSetChange());
    samples.put("inclusion-proof", inclusionProof());
    samples.put("certified-header", certifiedHeader());
    samples.put("certified-change", certifiedChange());
    samples.put("audit-bundle", auditBundle());
    samples.put("governance-decision", governanceDecision());
    samples.put("governance-update", governanceUpdate());
    samples.put("governance-view", governanceView());
    return samples;
  }
}
