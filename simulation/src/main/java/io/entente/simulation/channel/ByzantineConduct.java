package io.entente.simulation.channel;

import io.entente.consensus.message.Commit;
import io.entente.consensus.message.CommitPayload;
import io.entente.consensus.message.Message;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparePayload;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.consensus.message.RoundChangePayload;
import io.entente.consensus.message.SignedRoundChange;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.Seal;
import io.entente.core.chain.SealPayload;
import io.entente.core.chain.Transaction;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Byzantine validator: its own machine runs honestly, and this rewrites what leaves it. It holds
 * its own signer only; every forgery it makes is either signed with its own key or garbage, so
 * honest validators must reject it or keep it as evidence.
 */
final class ByzantineConduct implements Conduct {

  /** The fault kinds; each counts {@code process.byzantine.<name>} when it fires. */
  enum Kind {
    EQUIVOCATING_PROPOSER,
    CONFLICTING_VOTES,
    FORGED_SIGNATURES,
    REPLAYED_MESSAGES,
    ROUND_CHANGE_SPAM,
    SILENT,
    DROPS_TRANSACTION;

    String counter() {
      return "byzantine." + name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Kind kind;
  private final CryptoSuite suite;
  private final Signer signer;
  private final List<Hash> others;
  private final List<Message> heard = new ArrayList<>();

  ByzantineConduct(Kind kind, CryptoSuite suite, Signer signer, List<Hash> others) {
    this.kind = kind;
    this.suite = suite;
    this.signer = signer;
    this.others = List.copyOf(others);
  }

  @Override
  public boolean isByzantine() {
    return true;
  }

  @Override
  public void heard(Message message) {
    if (kind == Kind.REPLAYED_MESSAGES && heard.size() < ChannelLimits.REPLAY_KEPT_MAX) {
      heard.add(message);
    }
  }

  @Override
  public boolean forwardsTransactions(Context context) {
    return kind != Kind.SILENT && kind != Kind.DROPS_TRANSACTION;
  }

  @Override
  public List<Transaction> build(Context context, List<Transaction> batch) {
    if (kind != Kind.DROPS_TRANSACTION || batch.isEmpty()) {
      return batch;
    }
    context.count(kind.counter());
    return batch.subList(1, batch.size());
  }

  @Override
  public List<Message> outgoing(Context context, NodeId to, Message message) {
    boolean odd = (to.name().charAt(to.name().length() - 1) & 1) == 1;
    return switch (kind) {
      case SILENT -> silence(context);
      case EQUIVOCATING_PROPOSER -> odd ? equivocate(context, message) : List.of(message);
      case CONFLICTING_VOTES -> odd ? conflictingVote(context, message) : List.of(message);
      case FORGED_SIGNATURES -> forge(context, message);
      case REPLAYED_MESSAGES -> replay(context, message);
      case ROUND_CHANGE_SPAM -> spam(context, message);
      case DROPS_TRANSACTION -> List.of(message);
    };
  }

  private List<Message> silence(Context context) {
    context.count(kind.counter());
    return List.of();
  }

  /** Another block for the same (height, round): the same header one millisecond later. */
  private List<Message> equivocate(Context context, Message message) {
    if (!(message instanceof Proposal proposal) || proposal.round() != 0) {
      return List.of(message);
    }
    BlockHeader h = proposal.block().header();
    BlockHeader other =
        new BlockHeader(
            h.channel(),
            h.height(),
            h.parentHash(),
            h.proposer(),
            h.round(),
            h.timestampMs() + 1,
            h.rulesVersion(),
            h.validatorSetHash(),
            h.txRoot(),
            h.prevReceiptRoot(),
            h.prevStateDigest());
    context.count(kind.counter());
    Block block = new Block(other, proposal.block().transactions());
    return List.of(
        Proposal.sign(
            suite, signer, proposal.round(), block, proposal.roundChanges(), proposal.prepares()));
  }

  /** A PREPARE or COMMIT for a digest nobody proposed, signed with this validator's own key. */
  private List<Message> conflictingVote(Context context, Message message) {
    Hash digest = suite.hash(Bytes.of(new byte[] {(byte) message.round()}));
    if (message instanceof Prepare prepare) {
      PreparePayload p = prepare.payload();
      context.count(kind.counter());
      return List.of(
          Prepare.sign(
              suite, signer, new PreparePayload(p.channel(), p.height(), p.round(), digest)));
    }
    if (message instanceof Commit commit) {
      CommitPayload p = commit.payload();
      Seal seal = Seal.sign(suite, signer, new SealPayload(p.channel(), p.height(), digest));
      context.count(kind.counter());
      return List.of(
          Commit.sign(
              suite, signer, new CommitPayload(p.channel(), p.height(), p.round(), digest, seal)));
    }
    return List.of(message);
  }

  /** The message, plus a copy claiming another author and a copy with a garbage signature. */
  private List<Message> forge(Context context, Message message) {
    if (!(message instanceof Prepare prepare) || others.isEmpty()) {
      return List.of(message);
    }
    context.count(kind.counter());
    Hash victim = others.get((int) Math.floorMod(prepare.height(), (long) others.size()));
    byte[] garbage = prepare.signature().value().toByteArray();
    garbage[0] ^= 0x5a;
    return List.of(
        message,
        new Prepare(prepare.payload(), victim, prepare.signature()),
        new Prepare(prepare.payload(), prepare.author(), new Signature(Bytes.of(garbage))));
  }

  private List<Message> replay(Context context, Message message) {
    if (heard.isEmpty()) {
      return List.of(message);
    }
    context.count(kind.counter());
    Message old =
        heard.get(
            (int) Math.floorMod(message.height() * 31 + message.round(), (long) heard.size()));
    return List.of(message, old);
  }

  /** The message and a ROUND-CHANGE with a huge round, signed with this validator's key. */
  private List<Message> spam(Context context, Message message) {
    int round =
        Integer.MAX_VALUE - (int) Math.floorMod(message.height() * 7 + message.round(), 1000L);
    RoundChangePayload payload =
        new RoundChangePayload(message.channel(), message.height(), round, Optional.empty());
    context.count(kind.counter());
    return List.of(
        message,
        new RoundChange(
            SignedRoundChange.sign(suite, signer, payload), Optional.empty(), List.of()));
  }
}
