package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
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
 * The outcome of executing the transaction at {@code index} of a block. The receipts of block h are
 * committed by the {@code prevReceiptRoot} of block h + 1.
 *
 * @param code a machine-readable outcome code (may be empty when accepted)
 * @param detail human-readable text
 * @param result the application's result bytes
 */
public record Receipt(
    Hash txId, int index, Status status, String code, String detail, Bytes result) {

  /** Encoded as its code; a new status is a new codec version. */
  public enum Status {
    ACCEPTED(0),
    REJECTED(1);

    private final int code;

    Status(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    static Status fromCode(int code) {
      for (Status status : values()) {
        if (status.code == code) {
          return status;
        }
      }
      throw new CodecException(CodecException.OUT_OF_RANGE, "unknown receipt status " + code);
    }
  }

  public static final Codec<Receipt> CODEC =
      new SimpleCodec<>(
          Tags.RECEIPT, 1, CoreLimits.RECEIPT_BYTES_MAX, Receipt::write, Receipt::read);

  public Receipt {
    Objects.requireNonNull(txId, "txId");
    Fields.atLeast(index, 0, "index");
    Objects.requireNonNull(status, "status");
    Fields.text(code, CoreLimits.IDENTIFIER_BYTES_MAX, "code");
    Fields.text(detail, CoreLimits.TEXT_BYTES_MAX, "detail");
    Fields.bytes(result, CoreLimits.RECEIPT_RESULT_BYTES_MAX, "result");
  }

  /** The Merkle root over the encoded receipts of one block, in transaction order. */
  public static Hash root(CryptoSuite suite, List<Receipt> receipts) {
    return MerkleTree.root(suite, leaves(receipts));
  }

  static List<Bytes> leaves(List<Receipt> receipts) {
    List<Bytes> leaves = new ArrayList<>(receipts.size());
    for (Receipt receipt : receipts) {
      leaves.add(CODEC.encode(receipt));
    }
    return leaves;
  }

  static void write(Writer writer, Receipt receipt) {
    writer.hash(receipt.txId).u32(receipt.index).u8(receipt.status.code());
    writer.string(receipt.code, CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.string(receipt.detail, CoreLimits.TEXT_BYTES_MAX);
    writer.bytes(receipt.result, CoreLimits.RECEIPT_RESULT_BYTES_MAX);
  }

  static Receipt read(Reader reader) {
    return new Receipt(
        reader.hash("tx id"),
        reader.u32("index"),
        Status.fromCode(reader.u8("status")),
        reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, "code"),
        reader.string(CoreLimits.TEXT_BYTES_MAX, "detail"),
        reader.bytes(CoreLimits.RECEIPT_RESULT_BYTES_MAX, "result"));
  }
}
