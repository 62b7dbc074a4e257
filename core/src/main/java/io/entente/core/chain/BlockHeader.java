package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.util.Objects;

/**
 * What a block hash covers. {@code txRoot} is the Merkle root of this block's encoded transactions
 * (signatures included). {@code prevReceiptRoot} and {@code prevStateDigest} are the results of
 * executing the <em>previous</em> block: execution runs one block behind consensus, so the two can
 * run in a pipeline. Block 1's {@code parentHash} is the genesis hash, block h's the {@linkplain
 * #chainHash chain hash} of block h − 1. The certificate is not part of the hash (it seals the
 * hash).
 *
 * @param proposer the fingerprint of the proposing validator's key
 */
public record BlockHeader(
    String channel,
    long height,
    Hash parentHash,
    Hash proposer,
    int round,
    long timestampMs,
    int rulesVersion,
    Hash validatorSetHash,
    Hash txRoot,
    Hash prevReceiptRoot,
    Hash prevStateDigest) {
  public static final Codec<BlockHeader> CODEC =
      new SimpleCodec<>(
          Tags.BLOCK_HEADER,
          1,
          CoreLimits.BLOCK_HEADER_BYTES_MAX,
          BlockHeader::write,
          BlockHeader::read);

  public BlockHeader {
    Fields.identifier(channel, "channel");
    Fields.atLeast(height, 1, "height");
    Objects.requireNonNull(parentHash, "parentHash");
    Objects.requireNonNull(proposer, "proposer");
    Fields.atLeast(round, 0, "round");
    Fields.atLeast(timestampMs, 0, "timestampMs");
    Fields.atLeast(rulesVersion, 1, "rulesVersion");
    Objects.requireNonNull(validatorSetHash, "validatorSetHash");
    Objects.requireNonNull(txRoot, "txRoot");
    Objects.requireNonNull(prevReceiptRoot, "prevReceiptRoot");
    Objects.requireNonNull(prevStateDigest, "prevStateDigest");
  }

  /**
   * The block hash: the suite's hash of the encoded header. Proposals, PREPAREs, COMMITs and seals
   * name a block by this hash, so a seal binds the round the block was decided in.
   */
  public Hash hash(CryptoSuite suite) {
    return suite.hash(CODEC.encode(this));
  }

  /**
   * The block's place in the chain, which the next header names as its parent: the hash of this
   * header with its round set to 0. QBFT decides a block's content, not the round it is decided in:
   * a prepared block is re-proposed in a later round with only its round changed, so a height can
   * be final at one validator in round 0 and at the others in round 4 with the same content (the
   * QBFT Dafny model proves agreement on blocks with the round left out). Linking by the full hash
   * would make that a fork.
   */
  public Hash chainHash(CryptoSuite suite) {
    return withRound(0).hash(suite);
  }

  /**
   * This header with its round replaced (the QBFT model's {@code replaceRoundInBlock}): a prepared
   * block is re-proposed in a later round with only its round changed.
   */
  public BlockHeader withRound(int newRound) {
    return newRound == round
        ? this
        : new BlockHeader(
            channel,
            height,
            parentHash,
            proposer,
            newRound,
            timestampMs,
            rulesVersion,
            validatorSetHash,
            txRoot,
            prevReceiptRoot,
            prevStateDigest);
  }

  static void write(Writer writer, BlockHeader header) {
    writer.string(header.channel, CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.i64(header.height).hash(header.parentHash).hash(header.proposer);
    writer.u32(header.round).i64(header.timestampMs).u32(header.rulesVersion);
    writer.hash(header.validatorSetHash).hash(header.txRoot);
    writer.hash(header.prevReceiptRoot).hash(header.prevStateDigest);
  }

  static BlockHeader read(Reader reader) {
    return new BlockHeader(
        Fields.readIdentifier(reader, "channel"),
        reader.i64("height"),
        reader.hash("parent hash"),
        reader.hash("proposer"),
        reader.u32("round"),
        reader.i64("timestamp"),
        reader.u32("rules version"),
        reader.hash("validator set hash"),
        reader.hash("tx root"),
        reader.hash("previous receipt root"),
        reader.hash("previous state digest"));
  }
}
