package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validators of one channel at one height, in canonical order (institution, then key
 * fingerprint), with no key twice and all keys of one suite. n validators tolerate {@link
 * #maxFaulty()} faulty ones; a certificate needs {@link #quorum()} seals.
 */
public record ValidatorSet(List<Validator> validators) {
  public static final Codec<ValidatorSet> CODEC =
      new SimpleCodec<>(
          Tags.VALIDATOR_SET,
          1,
          CoreLimits.VALIDATOR_SET_BYTES_MAX,
          ValidatorSet::write,
          ValidatorSet::read);

  public ValidatorSet {
    validators = List.copyOf(validators);
    if (validators.isEmpty() || validators.size() > CoreLimits.VALIDATORS_MAX) {
      throw new IllegalArgumentException(
          "a validator set has 1 to " + CoreLimits.VALIDATORS_MAX + " validators");
    }
    requireCanonical(validators);
  }

  /** The set of {@code validators} in any order. */
  public static ValidatorSet of(Collection<Validator> validators) {
    List<Validator> sorted = new ArrayList<>(validators);
    sorted.sort(Validator.CANONICAL_ORDER);
    return new ValidatorSet(sorted);
  }

  private static void requireCanonical(List<Validator> validators) {
    SuiteId suite = validators.get(0).key().suite();
    TreeMap<Hash, Validator> seen = new TreeMap<>();
    for (int i = 0; i < validators.size(); i++) {
      Validator validator = validators.get(i);
      if (i > 0 && Validator.CANONICAL_ORDER.compare(validators.get(i - 1), validator) >= 0) {
        throw new IllegalArgumentException("validators are not in canonical order at " + i);
      }
      if (validator.key().suite() != suite) {
        throw new IllegalArgumentException("validator keys mix crypto suites");
      }
      if (seen.put(validator.fingerprint(), validator) != null) {
        throw new IllegalArgumentException("a validator key appears twice");
      }
    }
  }

  public int size() {
    return validators.size();
  }

  /** ⌈2n/3⌉ seals: any two quorums share more than f validators, so at least one honest one. */
  public int quorum() {
    return (2 * size() + 2) / 3;
  }

  /** f = ⌊(n − 1)/3⌋. */
  public int maxFaulty() {
    return (size() - 1) / 3;
  }

  public SuiteId suite() {
    return validators.get(0).key().suite();
  }

  /** The hash of the canonical encoding; block headers carry it. */
  public Hash hash(CryptoSuite suite) {
    if (suite.id() != suite()) {
      throw new IllegalArgumentException(
          "a " + suite().label() + " validator set hashed in the " + suite.id().label() + " suite");
    }
    return suite.hash(CODEC.encode(this));
  }

  public Optional<Validator> byFingerprint(Hash fingerprint) {
    for (Validator validator : validators) {
      if (validator.fingerprint().equals(fingerprint)) {
        return Optional.of(validator);
      }
    }
    return Optional.empty();
  }

  /** Every validator by fingerprint, for checks that look up many. */
  public NavigableMap<Hash, Validator> fingerprintIndex() {
    TreeMap<Hash, Validator> index = new TreeMap<>();
    for (Validator validator : validators) {
      index.put(validator.fingerprint(), validator);
    }
    return Collections.unmodifiableNavigableMap(index);
  }

  /** The distinct institutions, in canonical order. */
  public List<String> institutions() {
    List<String> institutions = new ArrayList<>();
    for (Validator validator : validators) {
      if (institutions.isEmpty()
          || !institutions.get(institutions.size() - 1).equals(validator.institution())) {
        institutions.add(validator.institution());
      }
    }
    return List.copyOf(institutions);
  }

  static void write(Writer writer, ValidatorSet set) {
    writer.list(set.validators, CoreLimits.VALIDATORS_MAX, Validator.CODEC::writeTo);
  }

  static ValidatorSet read(Reader reader) {
    return new ValidatorSet(
        reader.sortedList(
            CoreLimits.VALIDATORS_MAX,
            "validators",
            Validator.CODEC::readFrom,
            Validator.CANONICAL_ORDER));
  }
}
