package io.entente.app.colending;

import static io.entente.app.colending.Samples.AGREEMENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** State values decode to values that encode to the same bytes. */
class StateCodecTest {

  @Test
  void stateValuesRoundTripThroughTheirEncodings() {
    Recon recon = new Recon(new RecordKey(AGREEMENT, EventType.DISBURSEMENT, "D1"));
    recon.lead =
        new Recon.Side(
            Samples.disbursement("D1", "L1", 10).withPartnerPortion(Components.ZERO),
            false,
            "alice",
            5,
            0);
    recon.legs.add(null);
    recon.legs.add(
        new Recon.Leg("abc", Account.RESERVE, Account.FEES, 3, Transfer.Status.PENDING, true));
    recon.pairingBreak = "B7";
    Bytes encoded = Recon.CODEC.encode(recon);
    assertThat(Recon.CODEC.encode(Recon.CODEC.decode(encoded))).isEqualTo(encoded);

    Position position = new Position(AGREEMENT);
    position.posted[0] = 42;
    position.held = 7;
    Bytes pos = Position.CODEC.encode(position);
    assertThat(Position.CODEC.encode(Position.CODEC.decode(pos))).isEqualTo(pos);
  }

  @Test
  void breaksRoundTripWithTheirProposal() {
    Break b =
        new Break(
            "B1",
            AGREEMENT,
            BreakType.AMOUNT_MISMATCH,
            new RecordKey(AGREEMENT, EventType.FEE, "F1"),
            Recon.NO_DAY,
            10,
            20);
    b.setDiffs(List.of("amount: lead 1.00, partner 2.00"));
    b.proposal =
        new Break.Proposal(
            "P1", "webank", "alice", Requests.ProposalKind.ADJUSTMENT, "why", null, 30);
    b.decided.add("P0");
    Bytes encoded = Break.CODEC.encode(b);
    Break decoded = Break.CODEC.decode(encoded);
    assertThat(Break.CODEC.encode(decoded)).isEqualTo(encoded);
    assertThat(decoded.openedMs).isEqualTo(10);
    assertThat(decoded.slaMs).isEqualTo(20);
  }
}
