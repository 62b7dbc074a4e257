package io.entente.node.consortium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.crypto.SuiteId;
import io.entente.node.consortium.ConsortiumSpec.ChannelSpec;
import io.entente.node.consortium.ConsortiumSpec.NodeSpec;
import io.entente.node.keys.KeyFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsortiumSpecTest {

  private static ConsortiumSpec spec(String lead, List<String> partners, int nodes, int basePort) {
    return new ConsortiumSpec(lead, partners, nodes, SuiteId.STANDARD, basePort, "127.0.0.1");
  }

  @Test
  void theDefaultsAreALeadThreePartnersTwoNodesEachFromPort7400() {
    ConsortiumSpec spec = ConsortiumSpec.defaults();

    assertThat(spec.institutions())
        .containsExactly("lead-bank", "partner-a", "partner-b", "partner-c");
    assertThat(spec.nodes()).hasSize(8);
    assertThat(spec.nodes().get(0))
        .isEqualTo(new NodeSpec("lead-bank-node-1", "lead-bank", 1, 7400, 7401));
    assertThat(spec.nodes().get(7))
        .isEqualTo(new NodeSpec("partner-c-node-2", "partner-c", 2, 7414, 7415));
    assertThat(spec.channels())
        .extracting(ChannelSpec::name)
        .containsExactly(
            "governance", "lead-bank--partner-a", "lead-bank--partner-b", "lead-bank--partner-c");
    assertThat(spec.channels().get(0).sealFromEveryInstitution()).isFalse();
    assertThat(spec.channels().get(1).sealFromEveryInstitution()).isTrue();
    assertThat(spec.channels().get(1).institutions()).containsExactly("lead-bank", "partner-a");
  }

  @Test
  void keysGetTheFullWorkFactorUnlessATestOrDemoLowersIt() {
    ConsortiumSpec spec = ConsortiumSpec.defaults();
    assertThat(spec.keyIterations()).isEqualTo(600_000).isEqualTo(KeyFiles.PBKDF2_ITERATIONS);
    assertThat(spec.insecureKeyIterations()).isFalse();
    assertThat(spec("bank", List.of("x"), 1, 20000).keyIterations()).isEqualTo(600_000);

    ConsortiumSpec fast = spec.withKeyIterations(1_000);
    assertThat(fast.keyIterations()).isEqualTo(1_000);
    assertThat(fast.insecureKeyIterations()).isTrue();
    assertThat(fast.withKeyIterations(600_000)).isEqualTo(spec);
    assertThatThrownBy(() -> spec.withKeyIterations(999))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key iterations must be 1000 to 10000000, got 999");
    assertThatThrownBy(() -> spec.withKeyIterations(10_000_001))
        .hasMessageContaining("got 10000001");
  }

  @Test
  void portsAreAFunctionOfTheArguments() {
    ConsortiumSpec first = spec("bank", List.of("x", "y"), 3, 20000);
    ConsortiumSpec second = spec("bank", List.of("x", "y"), 3, 20000);
    assertThat(first.nodes()).isEqualTo(second.nodes());
    assertThat(first.nodes())
        .extracting(NodeSpec::p2pPort)
        .containsExactly(20000, 20002, 20004, 20006, 20008, 20010, 20012, 20014, 20016);
  }

  @Test
  void aPartnerSeesOnlyGovernanceAndItsOwnBilateralChannel() {
    ConsortiumSpec spec = ConsortiumSpec.defaults();
    assertThat(spec.channelsOf("partner-b"))
        .extracting(ChannelSpec::name)
        .containsExactly("governance", "lead-bank--partner-b");
    assertThat(spec.channelsOf("lead-bank")).hasSize(4);
  }

  @Test
  void badNamesAreRefusedWithTheRule() {
    assertThatThrownBy(() -> spec("Lead", List.of("p"), 1, 7400))
        .hasMessageContaining("the lead name 'Lead' is not valid")
        .hasMessageContaining("lower-case letters, digits and single hyphens");
    assertThatThrownBy(() -> spec("lead", List.of("a--b"), 1, 7400))
        .hasMessageContaining("the partner name 'a--b' is not valid");
    assertThatThrownBy(() -> spec("lead", List.of("p-"), 1, 7400))
        .hasMessageContaining("'p-' is not valid");
    assertThatThrownBy(() -> spec("lead", List.of("x".repeat(32)), 1, 7400))
        .hasMessageContaining("has 32 characters, at most 31");
    assertThatThrownBy(() -> spec("lead", List.of("lead"), 1, 7400))
        .hasMessageContaining("partner 'lead' is also the lead");
    assertThatThrownBy(() -> spec("lead", List.of("p", "p"), 1, 7400))
        .hasMessageContaining("partner 'p' is named twice");
    assertThatThrownBy(() -> spec("lead", List.of("channels"), 1, 7400))
        .hasMessageContaining("reserved");
  }

  @Test
  void countsOutOfRangeAreRefusedWithTheRange() {
    assertThatThrownBy(() -> spec("lead", List.of("p"), 0, 7400))
        .hasMessageContaining("--nodes-per-org must be 1 to 16, got 0");
    assertThatThrownBy(() -> spec("lead", List.of("p"), 17, 7400))
        .hasMessageContaining("--nodes-per-org must be 1 to 16, got 17");
    assertThatThrownBy(() -> spec("lead", List.of(), 1, 7400))
        .hasMessageContaining("1 to 26 partners, got 0");
    assertThatThrownBy(() -> ConsortiumSpec.generatedPartners(27))
        .hasMessageContaining("--partners must be 1 to 26, got 27");
    assertThatThrownBy(() -> spec("lead", ConsortiumSpec.generatedPartners(7), 9, 7400))
        .hasMessageContaining("the governance channel would have 72 validators")
        .hasMessageContaining("limit of 64");
  }

  @Test
  void portsPastTheRangeAreRefusedNamingTheHighestBase() {
    assertThatThrownBy(() -> spec("lead", List.of("p"), 2, 65530))
        .hasMessageContaining("--base-port 65530 does not fit: 4 nodes take 8 ports")
        .hasMessageContaining("the highest base here is 65528");
    assertThatThrownBy(() -> spec("lead", List.of("p"), 2, 80))
        .hasMessageContaining("--base-port 80 does not fit");
    assertThat(spec("lead", List.of("p"), 2, 65528).nodes().get(3).apiPort()).isEqualTo(65535);
  }

  @Test
  void theLongestNamesStillGiveAValidChannelName() {
    String name = "l".repeat(31);
    ConsortiumSpec spec = spec(name, List.of("p".repeat(31)), 1, 7400);
    assertThat(spec.channels().get(1).name()).hasSize(64);
  }
}
