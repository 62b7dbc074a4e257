package io.entente.consensus.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.chain.ChainCodecs;
import io.entente.core.chain.GoldenVectors;
import io.entente.core.codec.Tags;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageGoldenVectorTest {

  @Test
  void everyConsensusCodecMatchesItsPinnedGoldenVector() throws IOException {
    assertThat(GoldenVectors.problems(GoldenVectors.DIRECTORY, MessageGoldenVectors.vectors()))
        .isEmpty();
  }

  @Test
  void everyConsensusCodecHasItsOwnTagInTheConsensusRangeAndNoChainTag() {
    List<Integer> tags = new ArrayList<>();
    for (ChainCodecs.Entry entry : ChainCodecs.ALL) {
      tags.add(entry.codec().tag());
    }
    for (Messages.Named named : Messages.CODECS) {
      assertThat(named.codec().tag()).isBetween(0x30, 0x3F);
      assertThat(tags).doesNotContain(named.codec().tag());
      tags.add(named.codec().tag());
    }
    assertThat(Tags.PREPARED_STATE).isLessThanOrEqualTo(0x3F);
  }

  @Test
  void everySampleSignatureVerifies() {
    for (Object sample : MessageSamples.byName().values()) {
      if (sample instanceof SignedMessage signed) {
        assertThat(signed.verify(MessageSamples.SUITE, MessageSamples.validators()).isAccepted())
            .as(signed.toString())
            .isTrue();
      }
    }
  }
}
