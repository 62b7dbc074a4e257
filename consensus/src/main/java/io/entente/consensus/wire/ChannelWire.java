package io.entente.consensus.wire;

import io.entente.consensus.message.Message;
import io.entente.consensus.message.Messages;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Transaction;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * What the members of a channel send each other, in the simulator and between nodes: a type byte,
 * then a consensus message (the consensus codec), a client's or forwarded transaction, a batch of
 * forwarded transactions, a certified-block announcement, a sync request for a range of heights, or
 * one certified block answering it. Undecodable input is {@link Garbage}, never an exception.
 */
public final class ChannelWire {
  private ChannelWire() {}

  /** Transactions in one forwarded batch on the wire; a longer list is garbage. */
  public static final int FORWARD_BATCH_TXS_MAX = 64;

  /** Wire messages one {@link Decoder} remembers decoded. */
  public static final int DECODED_REMEMBERED_MAX = 4_096;

  public static final byte CONSENSUS = 1;
  public static final byte TRANSACTION = 2;
  public static final byte ANNOUNCE = 3;
  public static final byte SYNC_REQUEST = 4;
  public static final byte SYNC_BLOCK = 5;
  public static final byte TRANSACTIONS = 6;

  /** A decoded wire message; undecodable input is {@link Garbage}. */
  public sealed interface Decoded {}

  public record Consensus(Message message) implements Decoded {}

  /** A forwarded transaction, with its id in the channel's suite. */
  public record Forwarded(Transaction transaction, Hash id) implements Decoded {}

  public record ForwardedBatch(List<Transaction> transactions) implements Decoded {}

  public record Announced(CertifiedBlock block) implements Decoded {}

  public record SyncRequest(long fromHeight, long toHeight) implements Decoded {}

  public record SyncBlock(CertifiedBlock block) implements Decoded {}

  public record Garbage(String why) implements Decoded {}

  public static Bytes consensus(Message message) {
    return tagged(CONSENSUS, Messages.encode(message));
  }

  public static Bytes transaction(Transaction transaction) {
    return tagged(TRANSACTION, Transaction.CODEC.encode(transaction));
  }

  /** A batch of transactions one validator forwards to another. */
  public static Bytes transactions(List<Transaction> transactions) {
    Writer writer = new Writer();
    writer.list(transactions, FORWARD_BATCH_TXS_MAX, Transaction.CODEC::writeTo);
    return tagged(TRANSACTIONS, writer.toBytes());
  }

  public static Bytes announce(CertifiedBlock block) {
    return tagged(ANNOUNCE, CertifiedBlock.CODEC.encode(block));
  }

  public static Bytes syncBlock(CertifiedBlock block) {
    return tagged(SYNC_BLOCK, CertifiedBlock.CODEC.encode(block));
  }

  public static Bytes syncRequest(long fromHeight, long toHeight) {
    return tagged(
        SYNC_REQUEST,
        Bytes.wrapUnsafe(ByteBuffer.allocate(16).putLong(fromHeight).putLong(toHeight).array()));
  }

  public static Decoded decode(Bytes wire, CryptoSuite suite) {
    if (wire.length() < 1) {
      return new Garbage("empty");
    }
    byte tag = wire.unsafeArray()[0];
    Bytes body = Bytes.of(wire.unsafeArray(), 1, wire.length() - 1);
    try {
      return switch (tag) {
        case CONSENSUS -> new Consensus(Messages.decode(body));
        case TRANSACTION -> forwarded(Transaction.CODEC.decode(body), suite);
        case ANNOUNCE -> new Announced(CertifiedBlock.CODEC.decode(body));
        case SYNC_BLOCK -> new SyncBlock(CertifiedBlock.CODEC.decode(body));
        case SYNC_REQUEST -> syncRequest(body);
        case TRANSACTIONS -> transactions(body);
        default -> new Garbage("type " + tag);
      };
    } catch (CodecException | IllegalArgumentException bad) {
      return new Garbage(bad.getMessage());
    }
  }

  private static Decoded forwarded(Transaction transaction, CryptoSuite suite) {
    return new Forwarded(transaction, transaction.id(suite));
  }

  private static Decoded syncRequest(Bytes body) {
    if (body.length() != 16) {
      return new Garbage("sync request of " + body.length() + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(body.unsafeArray());
    return new SyncRequest(buffer.getLong(), buffer.getLong());
  }

  private static Decoded transactions(Bytes body) {
    Reader reader = Reader.of(body);
    List<Transaction> transactions =
        reader.list(FORWARD_BATCH_TXS_MAX, "transactions", Transaction.CODEC::readFrom);
    reader.expectEnd("forwarded transactions");
    return new ForwardedBatch(transactions);
  }

  private static Bytes tagged(byte tag, Bytes body) {
    byte[] out = new byte[body.length() + 1];
    out[0] = tag;
    System.arraycopy(body.unsafeArray(), 0, out, 1, body.length());
    return Bytes.wrapUnsafe(out);
  }

  /**
   * Decodes for the validators of one channel, remembering the last {@link #DECODED_REMEMBERED_MAX}
   * wire messages: each message reaches n − 1 receivers (and transactions come again with every
   * re-forward), and decoding the same bytes gives equal immutable records, so receivers can share
   * them. One decoder belongs to one run (one world, one thread): it is not thread-safe.
   */
  public static final class Decoder {
    private final CryptoSuite suite;
    private final LinkedHashMap<Bytes, Decoded> byWire = new LinkedHashMap<>(1024, 0.75f, true);

    private final int remembered;

    public Decoder(CryptoSuite suite) {
      this(suite, DECODED_REMEMBERED_MAX);
    }

    /** A decoder remembering at most {@code remembered} messages (0: none). */
    public Decoder(CryptoSuite suite, int remembered) {
      this.suite = Objects.requireNonNull(suite, "suite");
      if (remembered < 0 || remembered > DECODED_REMEMBERED_MAX) {
        throw new IllegalArgumentException("remembered " + remembered);
      }
      this.remembered = remembered;
    }

    public Decoded decode(Bytes wire) {
      if (remembered == 0) {
        return ChannelWire.decode(wire, suite);
      }
      Decoded known = byWire.get(wire);
      if (known != null) {
        return known;
      }
      Decoded decoded = ChannelWire.decode(wire, suite);
      byWire.put(wire, decoded);
      if (byWire.size() > remembered) {
        Iterator<Bytes> oldest = byWire.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
      return decoded;
    }
  }
}
