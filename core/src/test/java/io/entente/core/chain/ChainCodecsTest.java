package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.InclusionProof.Kind;
import io.entente.core.chain.Receipt.Status;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.merkle.MerkleProof;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainCodecsTest {

  @Test
  void everyRegisteredCodecHasASampleAndAnArbitrary() {
    List<String> names = new ArrayList<>();
    for (ChainCodecs.Entry entry : ChainCodecs.ALL) {
      names.add(entry.name());
    }
    assertThat(ChainSamples.byName().keySet()).containsExactlyElementsOf(names);
    assertThat(ChainArbitraries.byName().keySet()).containsExactlyElementsOf(names);
  }

  @Test
  void inputOverTheLimitIsRejectedBeforeReading() {
    for (ChainCodecs.Entry entry : ChainCodecs.ALL) {
      Codec<?> codec = entry.codec();
      byte[] input = new byte[codec.maxBytes() + 1];
      input[0] = (byte) codec.tag();
      input[1] = (byte) codec.version();
      assertReason(codec, Bytes.wrapUnsafe(input), CodecException.OVERSIZED);
    }
  }

  @Test
  void anotherTagAnUnknownVersionAndEmptyInputAreRejected() {
    for (ChainCodecs.Entry entry : ChainCodecs.ALL) {
      Codec<?> codec = entry.codec();
      byte[] sample =
          GoldenVectors.encode(codec, ChainSamples.byName().get(entry.name())).toByteArray();
      byte[] otherTag = sample.clone();
      otherTag[0] = (byte) (codec.tag() ^ 0x40);
      assertReason(codec, Bytes.of(otherTag), CodecException.BAD_TAG);
      byte[] otherVersion = sample.clone();
      otherVersion[1] = (byte) (codec.version() + 1);
      assertReason(codec, Bytes.of(otherVersion), CodecException.BAD_VERSION);
      assertReason(codec, Bytes.EMPTY, CodecException.TRUNCATED);
    }
  }

  @Test
  void nestedValuesAreCheckedToo() {
    // A transaction whose nested body carries a block header's tag.
    byte[] encoded = Transaction.CODEC.encode(ChainSamples.transaction()).toByteArray();
    encoded[2] = (byte) BlockHeader.CODEC.tag();
    assertReason(Transaction.CODEC, Bytes.of(encoded), CodecException.BAD_TAG);
  }

  /** A value with every field at its limit must encode: the type limits cover the field limits. */
  @Test
  void valuesAtEveryFieldLimitFitTheirTypesLimit() {
    String identifier = "i".repeat(CoreLimits.IDENTIFIER_BYTES_MAX);
    Hash hash = ChainSamples.hash("h");
    List<Validator> validators = new ArrayList<>();
    for (int i = 0; i < CoreLimits.VALIDATORS_MAX; i++) {
      Bytes point = Bytes.of(new byte[] {3}).concat(ChainSamples.hash("k" + i).value());
      validators.add(new Validator(identifier, new PublicKey(SuiteId.STANDARD, point)));
    }
    ValidatorSet set = ValidatorSet.of(validators);
    TxBody body =
        new TxBody(
            identifier,
            identifier,
            identifier,
            Bytes.of(new byte[CoreLimits.TX_PAYLOAD_BYTES_MAX]),
            hash,
            "k".repeat(CoreLimits.IDEMPOTENCY_KEY_BYTES_MAX),
            Long.MAX_VALUE - CoreLimits.TX_VALIDITY_MS_MAX,
            Long.MAX_VALUE);
    Transaction transaction = new Transaction(body, ChainSamples.signature(1));
    BlockHeader header =
        new BlockHeader(
            identifier,
            Long.MAX_VALUE,
            hash,
            hash,
            Integer.MAX_VALUE,
            Long.MAX_VALUE,
            Integer.MAX_VALUE,
            hash,
            hash,
            hash,
            hash);
    List<Seal> seals = new ArrayList<>();
    for (Validator validator : validators) {
      seals.add(new Seal(validator.fingerprint(), ChainSamples.signature(2)));
    }
    BlockCertificate certificate = BlockCertificate.of(hash, seals);
    Receipt receipt =
        new Receipt(
            hash,
            Integer.MAX_VALUE,
            Status.REJECTED,
            identifier,
            "d".repeat(CoreLimits.TEXT_BYTES_MAX),
            Bytes.of(new byte[CoreLimits.RECEIPT_RESULT_BYTES_MAX]));
    MerkleProof merkleProof =
        new MerkleProof(
            Integer.MAX_VALUE,
            Integer.MAX_VALUE,
            Collections.nCopies(CoreLimits.MERKLE_PROOF_HASHES_MAX, hash));

    assertFits(Validator.CODEC, validators.get(0));
    assertFits(ValidatorSet.CODEC, set);
    assertFits(ValidatorSetChange.CODEC, new ValidatorSetChange(set));
    assertFits(
        Genesis.CODEC, new Genesis(identifier, SuiteId.STANDARD, Long.MAX_VALUE, 1, set, true));
    assertFits(TxBody.CODEC, body);
    assertFits(Transaction.CODEC, transaction);
    assertFits(BlockHeader.CODEC, header);
    assertFits(SealPayload.CODEC, new SealPayload(identifier, Long.MAX_VALUE, hash));
    assertFits(Seal.CODEC, seals.get(0));
    assertFits(BlockCertificate.CODEC, certificate);
    assertFits(Receipt.CODEC, receipt);
    assertFits(MerkleProof.CODEC, merkleProof);
    Bytes largestLeaf = Bytes.of(new byte[CoreLimits.INCLUSION_PROOF_LEAF_BYTES_MAX]);
    assertFits(
        InclusionProof.CODEC,
        new InclusionProof(Kind.RECEIPT, Long.MAX_VALUE, largestLeaf, merkleProof));
    Block fullBlock = new Block(header, List.of(transaction, transaction, transaction));
    assertFits(Block.CODEC, fullBlock);
    assertFits(CertifiedBlock.CODEC, new CertifiedBlock(fullBlock, certificate));
  }

  private static <T> void assertFits(Codec<T> codec, T value) {
    Bytes encoded = codec.encode(value);
    assertThat(codec.decode(encoded)).isEqualTo(value);
  }

  private static void assertReason(Codec<?> codec, Bytes input, String reason) {
    assertThatThrownBy(() -> codec.decode(input))
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
