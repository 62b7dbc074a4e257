package io.entente.consensus.qbft;

import io.entente.consensus.message.Commit;
import io.entente.consensus.message.CommitPayload;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparePayload;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.consensus.message.RoundChangePayload;
import io.entente.consensus.message.SignedRoundChange;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.Seal;
import io.entente.core.chain.SealPayload;
import io.entente.core.chain.Transaction;
import io.entente.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Hand-made, correctly signed messages of height 1 from any validator of a cluster. */
final class Forge {
  static final CryptoSuite SUITE = Cluster.SUITE;
  private final Cluster cluster;

  Forge(Cluster cluster) {
    this.cluster = cluster;
  }

  /** A fresh block of height 1 proposed by {@code proposer} in {@code round}. */
  Block block(int proposer, int round, long timestampMs, List<Transaction> transactions) {
    Execution initial = Cluster.genesisExecution();
    BlockHeader header =
        new BlockHeader(
            Cluster.CHANNEL,
            1,
            cluster.genesis.hash(),
            cluster.node(proposer).id,
            round,
            timestampMs,
            1,
            cluster.genesis.validators().hash(SUITE),
            Block.txRoot(SUITE, transactions),
            initial.receiptRoot(),
            initial.stateDigest());
    return new Block(header, transactions);
  }

  Block block(int proposer, int round) {
    return block(proposer, round, cluster.nowMs, List.of());
  }

  static Hash digest(Block block) {
    return block.hash(SUITE);
  }

  Prepare prepare(int signer, int round, Hash digest) {
    return Prepare.sign(
        SUITE, cluster.node(signer).signer, new PreparePayload(Cluster.CHANNEL, 1, round, digest));
  }

  List<Prepare> prepares(int round, Hash digest, int... signers) {
    List<Prepare> prepares = new ArrayList<>();
    for (int signer : signers) {
      prepares.add(prepare(signer, round, digest));
    }
    return prepares;
  }

  Commit commit(int signer, int round, Block block) {
    Seal seal =
        Seal.sign(SUITE, cluster.node(signer).signer, SealPayload.of(SUITE, block.header()));
    return Commit.sign(
        SUITE,
        cluster.node(signer).signer,
        new CommitPayload(Cluster.CHANNEL, 1, round, digest(block), seal));
  }

  SignedRoundChange roundChange(int signer, int round, Optional<RoundChangePayload.Prepared> what) {
    return SignedRoundChange.sign(
        SUITE,
        cluster.node(signer).signer,
        new RoundChangePayload(Cluster.CHANNEL, 1, round, what));
  }

  /** An unprepared ROUND-CHANGE message. */
  RoundChange roundChangeMessage(int signer, int round) {
    return new RoundChange(
        roundChange(signer, round, Optional.empty()), Optional.empty(), List.of());
  }

  /** A ROUND-CHANGE carrying {@code block}, prepared in its header's round by {@code prepares}. */
  RoundChange roundChangeMessage(int signer, int round, Block block, List<Prepare> prepares) {
    RoundChangePayload.Prepared what =
        new RoundChangePayload.Prepared(block.header().round(), digest(block));
    return new RoundChange(
        roundChange(signer, round, Optional.of(what)),
        Optional.of(block),
        sortedByAuthor(prepares));
  }

  static Optional<RoundChangePayload.Prepared> prepared(int round, Block block) {
    return Optional.of(new RoundChangePayload.Prepared(round, digest(block)));
  }

  Proposal proposal(
      int signer,
      int round,
      Block block,
      List<SignedRoundChange> roundChanges,
      List<Prepare> prepares) {
    return Proposal.sign(SUITE, cluster.node(signer).signer, round, block, roundChanges, prepares);
  }

  Proposal proposal(int signer, Block block) {
    return proposal(signer, block.header().round(), block, List.of(), List.of());
  }

  private static List<Prepare> sortedByAuthor(List<Prepare> prepares) {
    List<Prepare> sorted = new ArrayList<>(prepares);
    sorted.sort((a, b) -> a.author().compareTo(b.author()));
    return sorted;
  }
}
