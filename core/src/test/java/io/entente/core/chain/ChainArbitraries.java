package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.InclusionProof.Kind;
import io.entente.core.chain.Receipt.Status;
import io.entente.core.codec.Codec;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.SuiteId;
import io.entente.core.merkle.MerkleProof;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random values of every chain type, small enough for hundreds of tries per second. The generators
 * of single types are public in the core test-jar for other modules' properties.
 */
public final class ChainArbitraries {
  private ChainArbitraries() {}

  /** A registered codec and a value of its type. */
  record Sample(String name, Codec<?> codec, Object value) {
    Bytes encode() {
      return GoldenVectors.encode(codec, value);
    }

    @Override
    public String toString() {
      return name + ": " + value;
    }
  }

  static Arbitrary<Sample> samples() {
    Map<String, Arbitrary<?>> byName = byName();
    return Arbitraries.of(ChainCodecs.ALL)
        .flatMap(
            entry -> byName.get(entry.name()).map(v -> new Sample(entry.name(), entry.codec(), v)));
  }

  static Map<String, Arbitrary<?>> byName() {
    Map<String, Arbitrary<?>> arbitraries = new LinkedHashMap<>();
    arbitraries.put("merkle-proof", merkleProofs());
    arbitraries.put("validator", suites().flatMap(ChainArbitraries::validators));
    arbitraries.put("validator-set", validatorSets());
    arbitraries.put("tx-body", txBodies());
    arbitraries.put("transaction", transactions());
    arbitraries.put("record-batch", recordBatches());
    arbitraries.put("block-header", headers());
    arbitraries.put("seal-payload", sealPayloads());
    arbitraries.put("seal", seals());
    arbitraries.put("block-certificate", certificates());
    arbitraries.put("block", blocks());
    arbitraries.put(
        "certified-block", Combinators.combine(blocks(), certificates()).as(CertifiedBlock::new));
    arbitraries.put("receipt", receipts());
    arbitraries.put("genesis", genesis());
    arbitraries.put("validator-set-change", validatorSets().map(ValidatorSetChange::new));
    arbitraries.put("inclusion-proof", inclusionProofs());
    arbitraries.put("certified-header", certifiedHeaders());
    arbitraries.put("certified-change", certifiedChanges());
    arbitraries.put(
        "audit-bundle",
        Combinators.combine(
                genesis(),
                certifiedChanges().list().ofMaxSize(2),
                certifiedHeaders(),
                inclusionProofs())
            .as(AuditBundle::new));
    arbitraries.put("governance-decision", decisions());
    arbitraries.put("governance-update", governanceUpdates());
    arbitraries.put("governance-view", governanceViews());
    return arbitraries;
  }

  public static Arbitrary<SuiteId> suites() {
    return Arbitraries.of(SuiteId.class);
  }

  /** ASCII and a few multi-byte characters (2 and 3 bytes in UTF-8). */
  static Arbitrary<String> text(int minLength, int maxLength) {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('-', '.', '/', '0', '9', 'ä', '银', '行')
        .ofMinLength(minLength)
        .ofMaxLength(maxLength);
  }

  public static Arbitrary<String> identifiers() {
    return text(1, 12);
  }

  public static Arbitrary<Bytes> bytes(int maxLength) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength).map(Bytes::of);
  }

  public static Arbitrary<Bytes> fixed(int length) {
    return Arbitraries.bytes().array(byte[].class).ofSize(length).map(Bytes::of);
  }

  public static Arbitrary<Hash> hashes() {
    return fixed(Hash.LENGTH_BYTES).map(Hash::new);
  }

  public static Arbitrary<Signature> signatures() {
    return fixed(Signature.LENGTH_BYTES).map(Signature::new);
  }

  static Arbitrary<Validator> validators(SuiteId suite) {
    Arbitrary<PublicKey> keys =
        fixed(PublicKey.ENCODED_BYTES).map(encoded -> new PublicKey(suite, encoded));
    return Combinators.combine(text(1, 6), keys).as(Validator::new);
  }

  static Arbitrary<ValidatorSet> validatorSets(SuiteId suite) {
    return validators(suite)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .uniqueElements(Validator::key)
        .map(ValidatorSet::of);
  }

  static Arbitrary<ValidatorSet> validatorSets() {
    return suites().flatMap(ChainArbitraries::validatorSets);
  }

  static Arbitrary<TxBody> txBodies() {
    Arbitrary<Long> from = Arbitraries.longs().between(0, Long.MAX_VALUE / 2);
    Arbitrary<Long> window = Arbitraries.longs().between(1, CoreLimits.TX_VALIDITY_MS_MAX);
    return Combinators.combine(
            identifiers(),
            identifiers(),
            identifiers(),
            bytes(48),
            hashes(),
            text(1, 20),
            from,
            window)
        .as(
            (channel, application, type, payload, certificate, key, validFrom, length) ->
                new TxBody(
                    channel,
                    application,
                    type,
                    payload,
                    certificate,
                    key,
                    validFrom,
                    validFrom + length));
  }

  public static Arbitrary<Transaction> transactions() {
    return Combinators.combine(txBodies(), signatures()).as(Transaction::new);
  }

  static Arbitrary<RecordBatch> recordBatches() {
    return bytes(24).list().ofMinSize(1).ofMaxSize(5).map(RecordBatch::new);
  }

  public static Arbitrary<BlockHeader> headers() {
    Arbitrary<Long> times = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<BlockHeader> firstHalf =
        Combinators.combine(
                identifiers(),
                Arbitraries.longs().between(1, Long.MAX_VALUE),
                hashes(),
                hashes(),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                times,
                Arbitraries.integers().between(1, Integer.MAX_VALUE))
            .as(
                (channel, height, parent, proposer, round, time, rules) ->
                    new BlockHeader(
                        channel, height, parent, proposer, round, time, rules, Hash.ZERO, Hash.ZERO,
                        Hash.ZERO, Hash.ZERO));
    return Combinators.combine(firstHalf, hashes(), hashes(), hashes(), hashes())
        .as(
            (h, set, txRoot, receipts, state) ->
                new BlockHeader(
                    h.channel(),
                    h.height(),
                    h.parentHash(),
                    h.proposer(),
                    h.round(),
                    h.timestampMs(),
                    h.rulesVersion(),
                    set,
                    txRoot,
                    receipts,
                    state));
  }

  static Arbitrary<SealPayload> sealPayloads() {
    return Combinators.combine(
            identifiers(), Arbitraries.longs().between(1, Long.MAX_VALUE), hashes())
        .as(SealPayload::new);
  }

  public static Arbitrary<Seal> seals() {
    return Combinators.combine(hashes(), signatures()).as(Seal::new);
  }

  static Arbitrary<BlockCertificate> certificates() {
    Arbitrary<List<Seal>> seals =
        seals().list().ofMinSize(1).ofMaxSize(5).uniqueElements(Seal::validator);
    return Combinators.combine(hashes(), seals).as(BlockCertificate::of);
  }

  public static Arbitrary<Block> blocks() {
    return Combinators.combine(headers(), transactions().list().ofMaxSize(3)).as(Block::new);
  }

  static Arbitrary<Receipt> receipts() {
    return Combinators.combine(
            hashes(),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.of(Status.class),
            text(0, 12),
            text(0, 40),
            bytes(32))
        .as(Receipt::new);
  }

  static Arbitrary<Genesis> genesis() {
    return suites()
        .flatMap(
            suite ->
                Combinators.combine(
                        identifiers(),
                        Arbitraries.longs().between(0, Long.MAX_VALUE),
                        Arbitraries.integers().between(1, Integer.MAX_VALUE),
                        validatorSets(suite),
                        Arbitraries.of(true, false),
                        anchors(suite).optional())
                    .as(
                        (channel, time, rules, set, everyInstitution, anchor) ->
                            new Genesis(
                                channel,
                                suite,
                                time,
                                rules,
                                set,
                                everyInstitution,
                                anchor.filter(a -> !a.channel().equals(channel)))));
  }

  static Arbitrary<GovernanceAnchor> anchors(SuiteId suite) {
    return Combinators.combine(identifiers(), validatorSets(suite), Arbitraries.of(true, false))
        .as(GovernanceAnchor::new);
  }

  static Arbitrary<GovernanceDecision.Effect> effects() {
    Arbitrary<GovernanceDecision.Effect> channelSets =
        Combinators.combine(identifiers(), validatorSets())
            .as(GovernanceDecision.ChannelValidators::new);
    Arbitrary<GovernanceDecision.Effect> revocations =
        Arbitraries.bigIntegers()
            .between(java.math.BigInteger.ONE, java.math.BigInteger.TWO.pow(120))
            .map(
                serial ->
                    new GovernanceDecision.Revoke(
                        new io.entente.core.pki.Revocation("CN=Bank A CA,O=Bank A", serial)));
    return Arbitraries.oneOf(channelSets, revocations);
  }

  static Arbitrary<GovernanceDecision> decisions() {
    return Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE), effects())
        .as(GovernanceDecision::new);
  }

  static Arbitrary<GovernanceUpdate> governanceUpdates() {
    return Combinators.combine(
            certifiedChanges().list().ofMaxSize(2),
            certifiedHeaders().filter(h -> h.header().height() >= 2),
            bytes(64),
            merkleProofs())
        .as(
            (changes, committing, leaf, path) ->
                new GovernanceUpdate(
                    changes,
                    committing,
                    new InclusionProof(
                        Kind.RECEIPT, committing.header().height() - 1, leaf, path)));
  }

  static Arbitrary<GovernanceView> governanceViews() {
    return suites()
        .flatMap(
            suite ->
                Combinators.combine(
                        identifiers(),
                        validatorSets(suite),
                        Arbitraries.longs().between(1, Long.MAX_VALUE),
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(0, Long.MAX_VALUE),
                        Arbitraries.longs().between(0, Long.MAX_VALUE))
                    .as(GovernanceView::new));
  }

  static Arbitrary<MerkleProof> merkleProofs() {
    return Combinators.combine(
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            hashes().list().ofMaxSize(6))
        .as(MerkleProof::new);
  }

  static Arbitrary<InclusionProof> inclusionProofs() {
    return Combinators.combine(
            Arbitraries.of(Kind.class),
            Arbitraries.longs().between(1, Long.MAX_VALUE),
            bytes(64),
            merkleProofs())
        .as(InclusionProof::new);
  }

  static Arbitrary<CertifiedHeader> certifiedHeaders() {
    return Combinators.combine(headers(), certificates()).as(CertifiedHeader::new);
  }

  static Arbitrary<CertifiedChange> certifiedChanges() {
    Arbitrary<InclusionProof> proofs =
        Combinators.combine(
                Arbitraries.longs().between(1, Long.MAX_VALUE), bytes(64), merkleProofs())
            .as((height, leaf, path) -> new InclusionProof(Kind.TRANSACTION, height, leaf, path));
    return Combinators.combine(certifiedHeaders(), proofs).as(CertifiedChange::new);
  }
}
