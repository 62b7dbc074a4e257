package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A header and its transactions. The header's {@code txRoot} is checked by {@link #checkTxRoot},
 * not by the constructor: a block from the network that lies about its root must be representable
 * so that it can be rejected with a reason. The whole encoding is bounded by {@link
 * CoreLimits#BLOCK_BYTES_MAX}, which the proposer respects when filling a block.
 */
public record Block(BlockHeader header, List<Transaction> transactions) {
  public static final String TX_ROOT_MISMATCH = "tx-root-mismatch";

  public static final Codec<Block> CODEC =
      new SimpleCodec<>(Tags.BLOCK, 1, CoreLimits.BLOCK_BYTES_MAX, Block::write, Block::read);

  public Block {
    Objects.requireNonNull(header, "header");
    transactions = List.copyOf(transactions);
    if (transactions.size() > CoreLimits.TXS_PER_BLOCK_MAX) {
      throw new IllegalArgumentException(
          "a block has at most " + CoreLimits.TXS_PER_BLOCK_MAX + " transactions");
    }
  }

  /** The Merkle root over the encoded transactions, signatures included. */
  public static Hash txRoot(CryptoSuite suite, List<Transaction> transactions) {
    return MerkleTree.root(suite, txLeaves(transactions));
  }

  static List<Bytes> txLeaves(List<Transaction> transactions) {
    List<Bytes> leaves = new ArrayList<>(transactions.size());
    for (Transaction transaction : transactions) {
      leaves.add(Transaction.CODEC.encode(transaction));
    }
    return leaves;
  }

  public Hash hash(CryptoSuite suite) {
    return header.hash(suite);
  }

  public Check checkTxRoot(CryptoSuite suite) {
    Hash computed = txRoot(suite, transactions);
    return Check.require(
        computed.equals(header.txRoot()),
        TX_ROOT_MISMATCH,
        () ->
            "header says "
                + header.txRoot().shortHex()
                + ", the transactions give "
                + computed.shortHex());
  }

  static void write(Writer writer, Block block) {
    BlockHeader.CODEC.writeTo(writer, block.header);
    writer.list(block.transactions, CoreLimits.TXS_PER_BLOCK_MAX, Transaction.CODEC::writeTo);
  }

  static Block read(Reader reader) {
    BlockHeader header = BlockHeader.CODEC.readFrom(reader);
    return new Block(
        header,
        reader.list(CoreLimits.TXS_PER_BLOCK_MAX, "transactions", Transaction.CODEC::readFrom));
  }

  /**
   * This block with its header's round replaced; the transactions stay (see {@link
   * BlockHeader#withRound}).
   */
  public Block withRound(int round) {
    return round == header.round() ? this : new Block(header.withRound(round), transactions);
  }
}
