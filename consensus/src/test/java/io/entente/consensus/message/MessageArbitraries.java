package io.entente.consensus.message;

import io.entente.core.chain.ChainArbitraries;
import io.entente.core.codec.Codec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random values of every consensus codec's type (signatures are random bytes: codecs don't care).
 */
final class MessageArbitraries {
  private MessageArbitraries() {}

  record Sample(String name, Codec<?> codec, Object value) {
    @Override
    public String toString() {
      return name + ": " + value;
    }
  }

  static Arbitrary<Sample> samples() {
    Map<String, Arbitrary<?>> byName = byName();
    return Arbitraries.of(Messages.CODECS)
        .flatMap(
            named -> byName.get(named.name()).map(v -> new Sample(named.name(), named.codec(), v)));
  }

  static Arbitrary<Long> heights() {
    return Arbitraries.longs().between(1, Long.MAX_VALUE);
  }

  static Arbitrary<Integer> rounds() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, Integer.MAX_VALUE));
  }

  static Arbitrary<ProposalPayload> proposalPayloads() {
    return Combinators.combine(
            ChainArbitraries.identifiers(), heights(), rounds(), ChainArbitraries.hashes())
        .as(ProposalPayload::new);
  }

  static Arbitrary<PreparePayload> preparePayloads() {
    return Combinators.combine(
            ChainArbitraries.identifiers(), heights(), rounds(), ChainArbitraries.hashes())
        .as(PreparePayload::new);
  }

  static Arbitrary<CommitPayload> commitPayloads() {
    return Combinators.combine(
            ChainArbitraries.identifiers(),
            heights(),
            rounds(),
            ChainArbitraries.hashes(),
            ChainArbitraries.seals())
        .as(CommitPayload::new);
  }

  static Arbitrary<RoundChangePayload> roundChangePayloads() {
    Arbitrary<Optional<RoundChangePayload.Prepared>> prepared =
        Combinators.combine(rounds(), ChainArbitraries.hashes())
            .as(RoundChangePayload.Prepared::new)
            .optional();
    return Combinators.combine(ChainArbitraries.identifiers(), heights(), rounds(), prepared)
        .as(RoundChangePayload::new);
  }

  static Arbitrary<SignedProposal> signedProposals() {
    return Combinators.combine(
            proposalPayloads(), ChainArbitraries.hashes(), ChainArbitraries.signatures())
        .as(SignedProposal::new);
  }

  static Arbitrary<Prepare> prepares() {
    return Combinators.combine(
            preparePayloads(), ChainArbitraries.hashes(), ChainArbitraries.signatures())
        .as(Prepare::new);
  }

  static Arbitrary<Commit> commits() {
    return Combinators.combine(
            commitPayloads(), ChainArbitraries.hashes(), ChainArbitraries.signatures())
        .as(Commit::new);
  }

  static Arbitrary<SignedRoundChange> signedRoundChanges() {
    return Combinators.combine(
            roundChangePayloads(), ChainArbitraries.hashes(), ChainArbitraries.signatures())
        .as(SignedRoundChange::new);
  }

  static <T extends SignedMessage> Arbitrary<List<T>> byAuthor(Arbitrary<T> messages) {
    return messages
        .list()
        .ofMaxSize(4)
        .uniqueElements(SignedMessage::author)
        .map(Wire::sortedByAuthor);
  }

  static Arbitrary<Proposal> proposals() {
    return Combinators.combine(
            signedProposals(),
            ChainArbitraries.blocks(),
            byAuthor(signedRoundChanges()),
            byAuthor(prepares()))
        .as(Proposal::new);
  }

  static Arbitrary<RoundChange> roundChanges() {
    return Combinators.combine(
            signedRoundChanges(), ChainArbitraries.blocks(), byAuthor(prepares()))
        .as(
            (signed, block, prepares) ->
                signed.payload().prepared().isPresent()
                    ? new RoundChange(signed, Optional.of(block), prepares)
                    : new RoundChange(signed, Optional.empty(), List.of()));
  }

  static Arbitrary<Equivocation> equivocations() {
    return Combinators.combine(prepares(), ChainArbitraries.hashes(), ChainArbitraries.signatures())
        .filter(
            (prepare, otherDigest, otherSignature) ->
                !prepare.payload().digest().equals(otherDigest))
        .as(
            (prepare, otherDigest, otherSignature) -> {
              PreparePayload p = prepare.payload();
              Prepare other =
                  new Prepare(
                      new PreparePayload(p.channel(), p.height(), p.round(), otherDigest),
                      prepare.author(),
                      otherSignature);
              return Equivocation.of(prepare, other);
            });
  }

  static Arbitrary<PreparedState> preparedStates() {
    return Combinators.combine(ChainArbitraries.blocks(), byAuthor(prepares()))
        .as(
            (block, prepares) ->
                new PreparedState(
                    block.header().height(), block.header().round(), block, prepares));
  }

  static Map<String, Arbitrary<?>> byName() {
    Map<String, Arbitrary<?>> arbitraries = new LinkedHashMap<>();
    arbitraries.put("proposal-payload", proposalPayloads());
    arbitraries.put("prepare-payload", preparePayloads());
    arbitraries.put("commit-payload", commitPayloads());
    arbitraries.put("round-change-payload", roundChangePayloads());
    arbitraries.put("signed-proposal", signedProposals());
    arbitraries.put("prepare", prepares());
    arbitraries.put("commit", commits());
    arbitraries.put("signed-round-change", signedRoundChanges());
    arbitraries.put("proposal", proposals());
    arbitraries.put("round-change", roundChanges());
    arbitraries.put("equivocation", equivocations());
    arbitraries.put("prepared-state", preparedStates());
    return arbitraries;
  }
}
