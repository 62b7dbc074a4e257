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
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

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
    DROPS_TRANSACTION,
    INVALID_JUSTIFICATION;

    String counter() {
      return "byzantine." + name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Kind kind;
  private final CryptoSuite suite;
  private final Signer signer;
  private final Hash me;
  private final ValidatorSet validators;
  private final List<Hash> others;
  private final List<NodeId> peers;
  private final List<Message> heard = new ArrayList<>();

  // INVALID_JUSTIFICATION: my last proposal of a round above 0, the PREPAREs for it (by author),
  // the second proposal made from them and the victims that got it.
  private Proposal own;
  private final TreeMap<Hash, Prepare> preparesOfOwn = new TreeMap<>();
  private Proposal second;
  private final TreeSet<NodeId> gotSecond = new TreeSet<>();

  /**
   * {@code validators} is the channel's set, {@code peers} the other validators' nodes in its order
   * and {@code others} their key fingerprints.
   */
  ByzantineConduct(
      Kind kind,
      CryptoSuite suite,
      Signer signer,
      ValidatorSet validators,
      List<Hash> others,
      List<NodeId> peers) {
    this.kind = kind;
    this.suite = suite;
    this.signer = signer;
    this.me = suite.fingerprint(signer.publicKey());
    this.validators = validators;
    this.others = List.copyOf(others);
    this.peers = List.copyOf(peers);
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
    if (kind == Kind.INVALID_JUSTIFICATION && message instanceof Prepare prepare) {
      keepPrepareOfOwn(prepare);
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
      case INVALID_JUSTIFICATION -> justifyWrongly(context, to, message);
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

  /**
   * As proposer of a round r above 0, withholds the proposal from n − quorum victims (a quorum can
   * still prepare it), and once a quorum of PREPAREs for it arrived, sends the victims a second
   * PROPOSAL of the same block whose justification holds my ROUND-CHANGE for r claiming the block
   * prepared in r itself, with those genuine PREPAREs as its certificate. The model rejects it (a
   * prepared round must be below the round: pitfall 7); a victim that accepts it breaks the rule.
   */
  private List<Message> justifyWrongly(Context context, NodeId to, Message message) {
    if (message instanceof Proposal proposal
        && proposal.round() > 0
        && proposal.author().equals(me)
        && !isOwn(proposal)) {
      own = proposal;
      preparesOfOwn.clear();
      second = null;
      gotSecond.clear();
    } else if (message instanceof Prepare prepare) {
      keepPrepareOfOwn(prepare);
    }
    if (own == null || message.height() != own.height() || !isVictim(to)) {
      return List.of(message);
    }
    List<Message> out = new ArrayList<>();
    boolean first = message instanceof Proposal && message.round() == own.round();
    if (!first) {
      out.add(message);
    }
    Proposal wrong = secondProposal();
    if (wrong != null && (first || !gotSecond.contains(to))) {
      if (gotSecond.add(to)) {
        context.count(kind.counter());
      }
      out.add(wrong);
    }
    return out;
  }

  private boolean isOwn(Proposal proposal) {
    return own != null && own.height() == proposal.height() && own.round() == proposal.round();
  }

  private void keepPrepareOfOwn(Prepare prepare) {
    if (own != null
        && prepare.height() == own.height()
        && prepare.round() == own.round()
        && prepare.payload().digest().equals(own.signed().payload().digest())
        && prepare.verify(suite, validators).isAccepted()) {
      preparesOfOwn.put(prepare.author(), prepare);
    }
  }

  /** The n − quorum peers that miss my proposal, chosen by height and round. */
  private boolean isVictim(NodeId to) {
    int count = validators.size() - validators.quorum();
    int start = (int) Math.floorMod(own.height() * 31 + own.round(), (long) peers.size());
    for (int k = 0; k < count; k++) {
      if (peers.get((start + k) % peers.size()).equals(to)) {
        return true;
      }
    }
    return false;
  }

  /** The second proposal, once a quorum prepared mine: my round change claims round r itself. */
  private Proposal secondProposal() {
    if (second == null && preparesOfOwn.size() >= validators.quorum()) {
      Hash digest = own.signed().payload().digest();
      RoundChangePayload claim =
          new RoundChangePayload(
              own.channel(),
              own.height(),
              own.round(),
              Optional.of(new RoundChangePayload.Prepared(own.round(), digest)));
      List<SignedRoundChange> roundChanges = new ArrayList<>();
      roundChanges.add(SignedRoundChange.sign(suite, signer, claim));
      for (SignedRoundChange roundChange : own.roundChanges()) {
        if (!roundChange.author().equals(me)) {
          roundChanges.add(roundChange);
        }
      }
      second =
          Proposal.sign(
              suite,
              signer,
              own.round(),
              own.block(),
              roundChanges,
              List.copyOf(preparesOfOwn.values()));
    }
    return second;
  }
}
