package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import java.util.Objects;

/**
 * A signed envelope: the body and the submitter's signature over the encoded body. The encoding
 * nests the body's own encoding unchanged, so a node can hash the id straight from the bytes.
 */
public record Transaction(TxBody body, Signature signature) {
  public static final Codec<Transaction> CODEC =
      new SimpleCodec<>(
          Tags.TRANSACTION, 1, CoreLimits.TX_BYTES_MAX, Transaction::write, Transaction::read);

  public Transaction {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(signature, "signature");
  }

  public static Transaction sign(CryptoSuite suite, Signer signer, TxBody body) {
    if (signer.suite() != suite.id()) {
      throw new IllegalArgumentException(
          "a " + signer.suite().label() + " signer in the " + suite.id().label() + " suite");
    }
    return new Transaction(body, signer.sign(TxBody.CODEC.encode(body)));
  }

  /** The id excludes the signature: see {@link TxBody#id}. */
  public Hash id(CryptoSuite suite) {
    return body.id(suite);
  }

  /** Whether {@code key} signed this body. */
  public Check verifySignature(CryptoSuite suite, PublicKey key) {
    return suite.verify(key, TxBody.CODEC.encode(body), signature).within("transaction signature");
  }

  static void write(Writer writer, Transaction transaction) {
    TxBody.CODEC.writeTo(writer, transaction.body);
    Fields.writeSignature(writer, transaction.signature);
  }

  static Transaction read(Reader reader) {
    TxBody body = TxBody.CODEC.readFrom(reader);
    return new Transaction(body, Fields.readSignature(reader));
  }
}
