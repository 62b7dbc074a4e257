package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.CoreLimits;
import io.entente.core.codec.Codec;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.crypto.PublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenVectorTest {

  @Test
  void everyCodecMatchesItsPinnedGoldenVector() throws IOException {
    assertThat(GoldenVectors.problems(GoldenVectors.DIRECTORY, GoldenVectors.vectors())).isEmpty();
  }

  @Test
  void aCodecWithSwappedFieldsUnderTheSameVersionIsCaught() throws IOException {
    // Institution and key in the other order, still claiming tag VALIDATOR, version 1.
    Codec<Validator> swapped =
        new SimpleCodec<>(
            Tags.VALIDATOR,
            1,
            CoreLimits.VALIDATOR_BYTES_MAX,
            (writer, validator) -> {
              Fields.writeKey(writer, validator.key());
              writer.string(validator.institution(), CoreLimits.IDENTIFIER_BYTES_MAX);
            },
            reader -> {
              PublicKey key = Fields.readKey(reader);
              return new Validator(Fields.readIdentifier(reader, "institution"), key);
            });

    assertThat(GoldenVectors.problems(GoldenVectors.DIRECTORY, replace("validator", swapped)))
        .anySatisfy(problem -> assertThat(problem).startsWith("validator v1: the sample encodes"))
        .anySatisfy(problem -> assertThat(problem).startsWith("validator v1: validator.v1.hex"));
  }

  @Test
  void aCodecWithAnAddedFieldUnderTheSameVersionIsCaught() throws IOException {
    Codec<SealPayload> extended =
        new SimpleCodec<>(
            Tags.SEAL_PAYLOAD,
            1,
            CoreLimits.SEAL_PAYLOAD_BYTES_MAX,
            (writer, payload) -> {
              SealPayload.write(writer, payload);
              writer.u32(0); // a new "round" field
            },
            reader -> {
              SealPayload payload = SealPayload.read(reader);
              reader.u32("round");
              return payload;
            });

    assertThat(GoldenVectors.problems(GoldenVectors.DIRECTORY, replace("seal-payload", extended)))
        .anySatisfy(
            problem -> assertThat(problem).startsWith("seal-payload v1: the sample encodes"));
  }

  @Test
  void aNewVersionWithoutAFileIsCaught() throws IOException {
    Codec<Seal> bumped =
        new SimpleCodec<>(Tags.SEAL, 2, CoreLimits.SEAL_BYTES_MAX, Seal::write, Seal::read);
    assertThat(GoldenVectors.problems(GoldenVectors.DIRECTORY, replace("seal", bumped)))
        .containsExactly("seal v2 has no pinned golden file seal.v2.hex");
  }

  @Test
  void anEditedUnpinnedOrMissingFileIsCaught(@TempDir Path directory) throws IOException {
    List<GoldenVectors.Vector> vectors = GoldenVectors.vectors().subList(0, 2);
    assertThat(GoldenVectors.writeMissing(directory, vectors)).hasSize(2);
    assertThat(GoldenVectors.problems(directory, vectors)).isEmpty();

    String first = vectors.get(0).fileName();
    String second = vectors.get(1).fileName();
    Files.writeString(directory.resolve(first), "00\n", StandardCharsets.US_ASCII);
    Files.delete(directory.resolve(second));
    Files.writeString(directory.resolve("stray.v1.hex"), "00\n", StandardCharsets.US_ASCII);

    assertThat(GoldenVectors.problems(directory, vectors))
        .contains(
            first + " does not match its pinned SHA-256: golden files never change",
            second + " is pinned but missing",
            "stray.v1.hex is not pinned in SHA256SUMS");
  }

  @Test
  void theGeneratorNeverRewritesAFile(@TempDir Path directory) throws IOException {
    List<GoldenVectors.Vector> vectors = GoldenVectors.vectors().subList(0, 1);
    GoldenVectors.writeMissing(directory, vectors);
    Path file = directory.resolve(vectors.get(0).fileName());
    Files.writeString(file, "00\n", StandardCharsets.US_ASCII);

    assertThat(GoldenVectors.writeMissing(directory, vectors)).isEmpty();
    assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo("00\n");
  }

  @Test
  void everyRegisteredCodecHasItsOwnTag() {
    List<Integer> tags = new ArrayList<>();
    for (ChainCodecs.Entry entry : ChainCodecs.ALL) {
      assertThat(tags).doesNotContain(entry.codec().tag());
      tags.add(entry.codec().tag());
    }
  }

  private static List<GoldenVectors.Vector> replace(String name, Codec<?> codec) {
    List<GoldenVectors.Vector> vectors = new ArrayList<>();
    for (GoldenVectors.Vector vector : GoldenVectors.vectors()) {
      vectors.add(
          vector.name().equals(name)
              ? new GoldenVectors.Vector(name, codec, vector.sample())
              : vector);
    }
    return vectors;
  }
}
