package io.entente.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.GoldenVectors;
import io.entente.core.chain.TestKeys;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.Issuer;
import io.entente.core.pki.Purpose;
import io.entente.core.pki.Revocation;
import io.entente.core.pki.Validation;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GovernanceGenesisTest {

  @Test
  void theGovernanceCodecMatchesItsPinnedGoldenVector() throws IOException {
    assertThat(GoldenVectors.problems(GoldenVectors.DIRECTORY, GovernanceGoldenVectors.vectors()))
        .isEmpty();
  }

  @Test
  void theGovernanceTagIsInItsOwnRange() {
    assertThat(GovernanceGenesis.CODEC.tag())
        .isEqualTo(Tags.GOVERNANCE_GENESIS)
        .isBetween(0x40, 0x4F);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void roundTripsAndHashesTheSameStateTheSameWay(SuiteId suite) {
    GovernanceGenesis state = GovernanceSamples.sample(suite);
    Bytes encoded = GovernanceGenesis.CODEC.encode(state);

    GovernanceGenesis decoded = GovernanceGenesis.CODEC.decode(encoded);

    assertThat(decoded).isEqualTo(state);
    assertThat(decoded.hash()).isEqualTo(state.hash());
    assertThat(GovernanceSamples.sample(suite).hash()).isEqualTo(state.hash());
  }

  @Test
  void listsAreHeldInCanonicalOrderWhateverTheInputOrder() {
    GovernanceGenesis state = GovernanceSamples.sample(SuiteId.STANDARD);
    assertThat(state.members())
        .extracting(Member::institution)
        .containsExactly("lead-bank", "partner-a");
    assertThat(state.nodes())
        .extracting(NodeEntry::nodeId)
        .containsExactly("lead-bank-node-1", "partner-a-node-1");
    assertThat(state.channels())
        .extracting(ChannelDefinition::name)
        .containsExactly("governance", "lead-bank--partner-a");
    assertThat(state.channel("lead-bank--partner-a").orElseThrow().members())
        .containsExactly("lead-bank", "partner-a");
  }

  @Test
  void decodingRejectsMembersOutOfOrder() {
    GovernanceGenesis state = GovernanceSamples.sample(SuiteId.STANDARD);
    Writer writer = new Writer();
    writer.u8(Tags.GOVERNANCE_GENESIS).u8(1).u8(SuiteId.STANDARD.code());
    List<Member> reversed = new ArrayList<>(state.members());
    java.util.Collections.reverse(reversed);
    writer.list(reversed, GovernanceLimits.MEMBERS_MAX, GovernanceGenesis::writeMember);
    writer.list(state.nodes(), GovernanceLimits.NODES_MAX, GovernanceGenesis::writeNode);
    writer.list(state.revocations(), GovernanceLimits.REVOCATIONS_MAX, Revocation::write);
    writer.list(state.channels(), GovernanceLimits.CHANNELS_MAX, GovernanceGenesis::writeChannel);

    assertReason(GovernanceGenesis.CODEC, writer.toBytes(), CodecException.NOT_SORTED);
  }

  @Test
  void decodingRejectsTrailingBytesAnotherTagAndAnUnknownVersion() {
    byte[] encoded =
        GovernanceGenesis.CODEC.encode(GovernanceSamples.sample(SuiteId.STANDARD)).toByteArray();
    assertReason(
        GovernanceGenesis.CODEC,
        Bytes.of(encoded).concat(Bytes.of(new byte[] {0})),
        CodecException.TRAILING_BYTES);
    byte[] otherTag = encoded.clone();
    otherTag[0] = (byte) Tags.GENESIS;
    assertReason(GovernanceGenesis.CODEC, Bytes.of(otherTag), CodecException.BAD_TAG);
    byte[] otherVersion = encoded.clone();
    otherVersion[1] = 2;
    assertReason(GovernanceGenesis.CODEC, Bytes.of(otherVersion), CodecException.BAD_VERSION);
  }

  @Test
  void aRevokedSerialWithALeadingZeroIsNotCanonical() {
    GovernanceGenesis state =
        new GovernanceGenesis(
            SuiteId.STANDARD,
            GovernanceSamples.sample(SuiteId.STANDARD).members(),
            List.of(),
            List.of(new Revocation("CN=x", BigInteger.valueOf(5))),
            List.of());
    byte[] encoded = GovernanceGenesis.CODEC.encode(state).toByteArray();
    // The revocation is the last thing before the empty channel list: u32 1, byte 5, u32 0.
    int serialAt = encoded.length - 4 - 1;
    assertThat(encoded[serialAt]).isEqualTo((byte) 5);
    Writer padded = new Writer();
    padded.fixed(Bytes.of(encoded, 0, serialAt - 4));
    padded.u32(2).u8(0).u8(5).u32(0);

    assertReason(GovernanceGenesis.CODEC, padded.toBytes(), CodecException.INVALID_VALUE);
  }

  @Test
  void inconsistentStatesAreRefusedWithAReason() {
    GovernanceGenesis sample = GovernanceSamples.sample(SuiteId.STANDARD);
    List<Member> members = sample.members();

    assertThatThrownBy(
            () ->
                new GovernanceGenesis(
                    SuiteId.STANDARD,
                    members,
                    List.of(GovernanceSamples.node(SuiteId.STANDARD, "x-node-1", "x", 1, 2)),
                    List.of(),
                    List.of()))
        .hasMessageContaining("node x-node-1 names x, which is not a member");
    assertThatThrownBy(
            () ->
                new GovernanceGenesis(
                    SuiteId.STANDARD,
                    List.of(members.get(0), members.get(0)),
                    List.of(),
                    List.of(),
                    List.of()))
        .hasMessageContaining("member lead-bank appears twice");
    assertThatThrownBy(
            () ->
                new GovernanceGenesis(
                    SuiteId.STANDARD,
                    members,
                    List.of(
                        GovernanceSamples.node(SuiteId.STANDARD, "a", "lead-bank", 1, 2),
                        GovernanceSamples.node(SuiteId.STANDARD, "b", "lead-bank", 1, 3)),
                    List.of(),
                    List.of()))
        .hasMessageContaining("registers a TLS key another node registered");
    assertThatThrownBy(
            () -> new GovernanceGenesis(SuiteId.GUOMI, members, List.of(), List.of(), List.of()))
        .hasMessageContaining("does not carry a key of the guomi suite");
    assertThatThrownBy(
            () ->
                new GovernanceGenesis(
                    SuiteId.STANDARD,
                    members,
                    List.of(),
                    List.of(),
                    List.of(
                        new ChannelDefinition(
                            "c",
                            List.of("lead-bank", "stranger"),
                            sample.channels().get(0).genesisHash()))))
        .hasMessageContaining("channel c names stranger, which is not a member");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void theTrustStoreOfTheStateJudgesANodeCertificateAsItsCasInstitution(SuiteId suite) {
    GovernanceSamples.CountingRandom random = new GovernanceSamples.CountingRandom();
    Issuer lead = GovernanceSamples.ca(suite, "lead-bank", 1, random);
    Issuer partner = GovernanceSamples.ca(suite, "partner-a", 2, random);
    Signer nodeKey = TestKeys.signer(suite, 30);
    // The subject claims the partner; the lead's CA issued it, so it is the lead's node.
    Certificate certificate =
        GovernanceSamples.nodeCertificate(lead, "CN=n,O=partner-a", nodeKey, random);
    GovernanceGenesis state =
        new GovernanceGenesis(
            suite,
            List.of(
                new Member("lead-bank", Role.LEAD, lead.certificate()),
                new Member("partner-a", Role.PARTNER, partner.certificate())),
            List.of(),
            List.of(),
            List.of());

    Validation validation =
        state.trustStore().validate(certificate, GovernanceSamples.NOW_MS + 1, Purpose.NODE);

    assertThat(validation).isInstanceOf(Validation.Valid.class);
    assertThat(((Validation.Valid) validation).institutionId()).isEqualTo("lead-bank");
  }

  private static void assertReason(Codec<?> codec, Bytes input, String reason) {
    assertThatThrownBy(() -> codec.decode(input))
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
