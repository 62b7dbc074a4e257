package io.entente.consensus.message;

import io.entente.consensus.ConsensusLimits;
import io.entente.core.chain.Block;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import java.util.List;
import java.util.Objects;

/**
 * A PROPOSAL: the signed payload, the block whose hash is the payload's digest, and for a round
 * above 0 its justification: the ROUND-CHANGEs for this round and, when one of them carries a
 * prepared block, the PREPAREs for that block. Each list is sorted by author, one message each.
 */
public record Proposal(
    SignedProposal signed,
    Block block,
    List<SignedRoundChange> roundChanges,
    List<Prepare> prepares)
    implements Message {
  public static final Codec<Proposal> CODEC =
      new SimpleCodec<>(
          Tags.PROPOSAL, 1, ConsensusLimits.PROPOSAL_BYTES_MAX, Proposal::write, Proposal::read);

  public Proposal {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(block, "block");
    roundChanges = Wire.byAuthor(roundChanges, "round changes");
    prepares = Wire.byAuthor(prepares, "prepares");
  }

  /** Signs a proposal of {@code block} for (height, round); the lists may come in any order. */
  public static Proposal sign(
      CryptoSuite suite,
      Signer signer,
      int round,
      Block block,
      List<SignedRoundChange> roundChanges,
      List<Prepare> prepares) {
    ProposalPayload payload =
        new ProposalPayload(
            block.header().channel(), block.header().height(), round, block.hash(suite));
    return new Proposal(
        SignedProposal.sign(suite, signer, payload),
        block,
        Wire.sortedByAuthor(roundChanges),
        Wire.sortedByAuthor(prepares));
  }

  static void write(Writer writer, Proposal proposal) {
    SignedProposal.CODEC.writeTo(writer, proposal.signed);
    Block.CODEC.writeTo(writer, proposal.block);
    writer.list(
        proposal.roundChanges,
        io.entente.core.CoreLimits.VALIDATORS_MAX,
        SignedRoundChange.CODEC::writeTo);
    writer.list(
        proposal.prepares, io.entente.core.CoreLimits.VALIDATORS_MAX, Prepare.CODEC::writeTo);
  }

  static Proposal read(Reader reader) {
    SignedProposal signed = SignedProposal.CODEC.readFrom(reader);
    Block block = Block.CODEC.readFrom(reader);
    List<SignedRoundChange> roundChanges =
        Wire.readByAuthor(reader, "round changes", SignedRoundChange.CODEC::readFrom);
    return new Proposal(
        signed,
        block,
        roundChanges,
        Wire.readByAuthor(reader, "prepares", Prepare.CODEC::readFrom));
  }
}
