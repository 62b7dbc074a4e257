package io.entente.node.ui;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Seal;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.CryptoSuite;
import io.entente.node.api.ChannelStatus;
import io.entente.node.api.NodeBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The Ledger page: for each channel the user's institution is a member of, its latest blocks (at
 * most {@link UiLimits#BLOCKS_LISTED_MAX}, older ones a page further) with their certificates.
 */
public record LedgerView(List<ChannelBlocks> channels) {

  /** One channel's blocks, newest first, and where the next older page starts (0: none). */
  public record ChannelBlocks(String channel, long height, List<BlockRow> blocks, long olderFrom) {
    public String olderLink() {
      return UiHandler.LEDGER + "?channel=" + channel + "&from=" + olderFrom;
    }
  }

  /** A block as listed: header facts and who sealed it. */
  public record BlockRow(
      String channel,
      long height,
      String time,
      String hash,
      int transactions,
      String proposer,
      int round,
      String sealCount,
      String sealedBy) {
    public String link() {
      return UiHandler.LEDGER + "/" + channel + "/block/" + height;
    }

    public String shortHash() {
      return hash.substring(0, 16) + "…";
    }
  }

  /**
   * The channels {@code institution} may read, each from height {@code from} down (its latest
   * height when {@code from} is empty); only {@code onlyChannel} when given.
   */
  static LedgerView of(
      NodeBackend backend, String institution, Optional<String> onlyChannel, OptionalLong from) {
    List<ChannelBlocks> channels = new ArrayList<>();
    for (String channel : readable(backend, institution)) {
      if (onlyChannel.isPresent() && !onlyChannel.get().equals(channel)) {
        continue;
      }
      Optional<ChannelStatus> status = backend.channelStatus(channel);
      if (status.isEmpty()) {
        continue;
      }
      long height = status.get().height();
      long top = from.isPresent() ? Math.min(from.getAsLong(), height) : height;
      Optional<ValidatorSet> genesisSet = backend.genesis(channel).map(Genesis::validators);
      List<BlockRow> rows = new ArrayList<>();
      long h = top;
      for (; h >= 1 && rows.size() < UiLimits.BLOCKS_LISTED_MAX; h--) {
        Optional<CertifiedBlock> block = backend.block(channel, h);
        if (block.isPresent()) {
          rows.add(row(backend.suite(), block.get(), genesisSet));
        }
      }
      channels.add(new ChannelBlocks(channel, height, rows, Math.max(h, 0)));
    }
    return new LedgerView(channels);
  }

  /** The channels this node serves whose members include {@code institution}. */
  static List<String> readable(NodeBackend backend, String institution) {
    List<String> channels = new ArrayList<>();
    for (String channel : backend.channels()) {
      if (mayRead(backend, institution, channel)) {
        channels.add(channel);
      }
    }
    return channels;
  }

  static boolean mayRead(NodeBackend backend, String institution, String channel) {
    return backend
        .channelInstitutions(channel)
        .map(members -> members.contains(institution))
        .orElse(false);
  }

  static BlockRow row(CryptoSuite suite, CertifiedBlock certified, Optional<ValidatorSet> set) {
    BlockHeader header = certified.block().header();
    Optional<ValidatorSet> known = setOf(suite, header, set);
    List<Seal> seals = certified.certificate().seals();
    TreeSet<String> sealedBy = new TreeSet<>();
    for (Seal seal : seals) {
      sealedBy.add(
          known
              .flatMap(validators -> validators.byFingerprint(seal.validator()))
              .map(Validator::institution)
              .orElse(seal.validator().shortHex()));
    }
    return new BlockRow(
        header.channel(),
        header.height(),
        Instant.ofEpochMilli(header.timestampMs()).toString(),
        header.hash(suite).toHex(),
        certified.block().transactions().size(),
        institutionOf(known, header.proposer()),
        header.round(),
        known.isPresent()
            ? seals.size() + " of " + known.get().size() + " (quorum " + known.get().quorum() + ")"
            : seals.size() + " (validator set changed since genesis)",
        String.join(", ", sealedBy));
  }

  /** The genesis set if this header was sealed under it (no set change before it), else empty. */
  static Optional<ValidatorSet> setOf(
      CryptoSuite suite, BlockHeader header, Optional<ValidatorSet> genesisSet) {
    return genesisSet.filter(set -> set.hash(suite).equals(header.validatorSetHash()));
  }

  /** The institution of a validator and its fingerprint's first digits. */
  static String institutionOf(Optional<ValidatorSet> set, Hash fingerprint) {
    return set.flatMap(s -> s.byFingerprint(fingerprint))
        .map(Validator::institution)
        .map(institution -> institution + " (" + fingerprint.shortHex() + ")")
        .orElse(fingerprint.shortHex());
  }
}
