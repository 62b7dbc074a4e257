package io.entente.consensus.message;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.Seal;
import io.entente.core.chain.SealPayload;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deterministic sample messages, one per consensus codec, for the golden vectors. Signatures are
 * real (deterministic keys, deterministic signing), so every sample also verifies. Changing a
 * sample changes its golden vector: treat these values as frozen.
 */
public final class MessageSamples {
  private MessageSamples() {}

  public static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);
  static final String CHANNEL = "loans-bank-a-bank-b";
  static final long TIME_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long HEIGHT = 7;

  static final List<Signer> SIGNERS =
      List.of(
          TestKeys.signer(SuiteId.STANDARD, 1),
          TestKeys.signer(SuiteId.STANDARD, 2),
          TestKeys.signer(SuiteId.STANDARD, 3),
          TestKeys.signer(SuiteId.STANDARD, 4));

  static Hash hash(String label) {
    return SUITE.hash(Bytes.of(label.getBytes(StandardCharsets.UTF_8)));
  }

  public static ValidatorSet validators() {
    List<Validator> validators = new ArrayList<>();
    for (int i = 0; i < SIGNERS.size(); i++) {
      validators.add(TestKeys.validator(SIGNERS.get(i), i < 2 ? "bank-a" : "bank-b"));
    }
    return ValidatorSet.of(validators);
  }

  static Block block(int round) {
    Transaction transaction =
        Transaction.sign(
            SUITE,
            SIGNERS.get(0),
            new TxBody(
                CHANNEL,
                "counter",
                "add",
                Bytes.of("k=1".getBytes(StandardCharsets.UTF_8)),
                hash("client certificate"),
                "key-1",
                TIME_MS,
                TIME_MS + 60_000));
    BlockHeader header =
        new BlockHeader(
            CHANNEL,
            HEIGHT,
            hash("block 6"),
            SUITE.fingerprint(SIGNERS.get(1).publicKey()),
            round,
            TIME_MS + 1_000,
            1,
            validators().hash(SUITE),
            Block.txRoot(SUITE, List.of(transaction)),
            hash("receipts of 6"),
            hash("state after 6"));
    return new Block(header, List.of(transaction));
  }

  static Prepare prepare(int signer, int round, Hash digest) {
    return Prepare.sign(
        SUITE, SIGNERS.get(signer), new PreparePayload(CHANNEL, HEIGHT, round, digest));
  }

  static Commit commit() {
    Block block = block(0);
    Seal seal = Seal.sign(SUITE, SIGNERS.get(2), SealPayload.of(SUITE, block.header()));
    return Commit.sign(
        SUITE, SIGNERS.get(2), new CommitPayload(CHANNEL, HEIGHT, 0, block.hash(SUITE), seal));
  }

  static List<Prepare> preparesOfRound0() {
    Hash digest = block(0).hash(SUITE);
    return List.of(prepare(0, 0, digest), prepare(1, 0, digest), prepare(3, 0, digest));
  }

  static SignedRoundChange roundChange(int signer, boolean prepared) {
    Optional<RoundChangePayload.Prepared> what =
        prepared
            ? Optional.of(new RoundChangePayload.Prepared(0, block(0).hash(SUITE)))
            : Optional.empty();
    return SignedRoundChange.sign(
        SUITE, SIGNERS.get(signer), new RoundChangePayload(CHANNEL, HEIGHT, 1, what));
  }

  static RoundChange preparedRoundChange() {
    return new RoundChange(
        roundChange(0, true), Optional.of(block(0)), Wire.sortedByAuthor(preparesOfRound0()));
  }

  static Proposal reProposal() {
    return Proposal.sign(
        SUITE,
        SIGNERS.get(2),
        1,
        block(1),
        List.of(roundChange(0, true), roundChange(1, false), roundChange(3, false)),
        preparesOfRound0());
  }

  static Equivocation equivocation() {
    return Equivocation.of(prepare(3, 0, block(0).hash(SUITE)), prepare(3, 0, hash("other")));
  }

  /** One sample per {@link Messages#CODECS} name. */
  public static Map<String, Object> byName() {
    Map<String, Object> samples = new LinkedHashMap<>();
    Proposal proposal = reProposal();
    samples.put("proposal-payload", proposal.signed().payload());
    samples.put("prepare-payload", preparesOfRound0().get(0).payload());
    samples.put("commit-payload", commit().payload());
    samples.put("round-change-payload", roundChange(0, true).payload());
    samples.put("signed-proposal", proposal.signed());
    samples.put("prepare", preparesOfRound0().get(0));
    samples.put("commit", commit());
    samples.put("signed-round-change", roundChange(1, false));
    samples.put("proposal", proposal);
    samples.put("round-change", preparedRoundChange());
    samples.put("equivocation", equivocation());
    samples.put(
        "prepared-state",
        new PreparedState(HEIGHT, 0, block(0), Wire.sortedByAuthor(preparesOfRound0())));
    return samples;
  }
}
