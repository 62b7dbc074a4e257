package io.entente.core.chain;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Builds a certified chain directly, for a caller that holds the signer of every validator: demos,
 * benchmarks, and tests of what consumes chains (verifiers, sync, storage). It is not consensus —
 * every validator of the set simply seals each block — and it runs no application: every
 * transaction gets an accepted receipt, and the state digest after block h is the suite's hash of
 * the digest after h − 1 and the receipt root of h. Validator-set changes included in a block take
 * effect at the next height, as on a real channel.
 */
public final class ChainBuilder {
  private static final long BLOCK_INTERVAL_MS = 1_000;

  private final Genesis genesis;
  private final CryptoSuite suite;
  private final NavigableMap<Hash, Signer> signers = new TreeMap<>();
  private final List<CertifiedBlock> blocks = new ArrayList<>();
  private final List<List<Receipt>> receipts = new ArrayList<>();
  private ValidatorSet validators;
  private Hash stateDigest;

  /** {@code signers} must include a signer for every validator that will ever be in the set. */
  public ChainBuilder(Genesis genesis, Collection<Signer> signers) {
    this.genesis = genesis;
    this.suite = CryptoSuite.of(genesis.suite());
    for (Signer signer : signers) {
      this.signers.put(suite.fingerprint(signer.publicKey()), signer);
    }
    this.validators = genesis.validators();
    this.stateDigest = suite.hash();
  }

  public Genesis genesis() {
    return genesis;
  }

  public List<CertifiedBlock> blocks() {
    return List.copyOf(blocks);
  }

  public CertifiedBlock block(long height) {
    return blocks.get(Math.toIntExact(height - 1));
  }

  public List<Receipt> receipts(long height) {
    return receipts.get(Math.toIntExact(height - 1));
  }

  /** The set that will certify the next block. */
  public ValidatorSet validators() {
    return validators;
  }

  /** Appends a block with {@code transactions}, sealed by every validator of the current set. */
  public CertifiedBlock append(List<Transaction> transactions) {
    return append(transactions, java.util.Collections.nCopies(transactions.size(), Bytes.EMPTY));
  }

  /**
   * Appends a block with {@code transactions} whose accepted receipts carry {@code results}, one
   * per transaction (a governance channel's decisions, say).
   */
  public CertifiedBlock append(List<Transaction> transactions, List<Bytes> results) {
    if (results.size() != transactions.size()) {
      throw new IllegalArgumentException(
          results.size() + " results for " + transactions.size() + " transactions");
    }
    long height = blocks.size() + 1L;
    Hash parent = blocks.isEmpty() ? genesis.hash() : lastHeader().chainHash(suite);
    Hash previousReceipts =
        receipts.isEmpty() ? suite.hash() : Receipt.root(suite, receipts.get(receipts.size() - 1));
    ValidatorSet set = validators;
    BlockHeader header =
        new BlockHeader(
            genesis.channel(),
            height,
            parent,
            set.validators().get((int) ((height - 1) % set.size())).fingerprint(),
            0,
            genesis.genesisTimeMs() + height * BLOCK_INTERVAL_MS,
            genesis.rulesVersion(),
            set.hash(suite),
            Block.txRoot(suite, transactions),
            previousReceipts,
            stateDigest);
    List<Seal> seals = new ArrayList<>();
    SealPayload payload = SealPayload.of(suite, header);
    for (Validator validator : set.validators()) {
      seals.add(Seal.sign(suite, signerOf(validator), payload));
    }
    CertifiedBlock block =
        new CertifiedBlock(
            new Block(header, transactions), BlockCertificate.of(header.hash(suite), seals));
    List<Receipt> blockReceipts = acceptAll(transactions, results);
    blocks.add(block);
    receipts.add(blockReceipts);
    stateDigest = suite.hash(stateDigest.value(), Receipt.root(suite, blockReceipts).value());
    validators = ValidatorSetChange.nextSet(set, transactions);
    return block;
  }

  private List<Receipt> acceptAll(List<Transaction> transactions, List<Bytes> results) {
    List<Receipt> accepted = new ArrayList<>();
    for (int index = 0; index < transactions.size(); index++) {
      accepted.add(
          new Receipt(
              transactions.get(index).id(suite),
              index,
              Receipt.Status.ACCEPTED,
              "",
              "",
              results.get(index)));
    }
    return accepted;
  }

  private Signer signerOf(Validator validator) {
    Signer signer = signers.get(validator.fingerprint());
    if (signer == null) {
      throw new IllegalStateException(
          "no signer for validator " + validator.fingerprint().shortHex());
    }
    return signer;
  }

  private BlockHeader lastHeader() {
    return blocks.get(blocks.size() - 1).block().header();
  }

  /** A bundle proving transaction {@code index} of block {@code height}. */
  public AuditBundle auditTransaction(long height, int index) {
    return new AuditBundle(
        genesis,
        changesBelow(height),
        CertifiedHeader.of(block(height)),
        InclusionProof.ofTransaction(suite, block(height).block(), index));
  }

  /**
   * A bundle proving receipt {@code index} of block {@code height}; its anchor is block height + 1,
   * whose header commits to the receipts of {@code height}.
   */
  public AuditBundle auditReceipt(long height, int index) {
    return new AuditBundle(
        genesis,
        changesBelow(height + 1),
        CertifiedHeader.of(block(height + 1)),
        InclusionProof.ofReceipt(suite, height, receipts(height), index));
  }

  /** Every set change in blocks below {@code height}, with its proof. */
  public List<CertifiedChange> changesBelow(long height) {
    return changesBetween(1, height);
  }

  /**
   * The governance update for the receipt at {@code index} of block {@code height} (committed by
   * block height + 1), carrying this chain's set changes from {@code setFromHeight} on.
   */
  public GovernanceUpdate governanceUpdate(long height, int index, long setFromHeight) {
    return GovernanceUpdate.of(
        suite,
        changesBetween(setFromHeight, height + 1),
        CertifiedHeader.of(block(height + 1)),
        receipts(height),
        index);
  }

  /** Every set change in blocks from {@code fromHeight} up to below {@code belowHeight}. */
  public List<CertifiedChange> changesBetween(long fromHeight, long belowHeight) {
    List<CertifiedChange> changes = new ArrayList<>();
    for (CertifiedBlock certified : blocks) {
      Block block = certified.block();
      if (block.header().height() < fromHeight) {
        continue;
      }
      if (block.header().height() >= belowHeight) {
        break;
      }
      List<Transaction> transactions = block.transactions();
      for (int index = 0; index < transactions.size(); index++) {
        if (ValidatorSetChange.isChange(transactions.get(index).body())) {
          changes.add(
              new CertifiedChange(
                  CertifiedHeader.of(certified),
                  InclusionProof.ofTransaction(suite, block, index)));
        }
      }
    }
    return changes;
  }
}
