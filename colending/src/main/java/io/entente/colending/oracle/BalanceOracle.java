package io.entente.colending.oracle;

import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.generator.GeneratedEvent;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Expected balances from the generator's true events, by plain arithmetic over the contract's
 * posting table: the reserve each partner should have posted at the close of each day (and its
 * lowest point that day), disbursed and repaid totals, outstanding principal per loan and the net
 * of each settlement batch. It shares no code with the application or with how the generator
 * decides anything; it reads only {@link GeneratedEvent} and the day file record inside it.
 */
public final class BalanceOracle {
  private final TreeMap<String, AgreementLedger> ledgers = new TreeMap<>();

  private BalanceOracle() {}

  /** Builds the oracle from events in the order they happened. */
  public static BalanceOracle over(List<GeneratedEvent> events) {
    BalanceOracle oracle = new BalanceOracle();
    for (GeneratedEvent event : events) {
      DayFileRecord record = event.record();
      oracle.ledgers.computeIfAbsent(record.agreement(), a -> new AgreementLedger()).post(record);
    }
    return oracle;
  }

  public SortedSet<String> agreements() {
    return new TreeSet<>(ledgers.keySet());
  }

  /** Posted reserve at the close of {@code date} (the last earlier close on a quiet day). */
  public long closingReserveFen(String agreement, LocalDate date) {
    Map.Entry<LocalDate, Long> close = ledger(agreement).closing.floorEntry(date);
    return close == null ? 0 : close.getValue();
  }

  /** The lowest the posted reserve went on {@code date}, after any of that day's events. */
  public long lowestReserveFen(String agreement, LocalDate date) {
    Long lowest = ledger(agreement).lowest.get(date);
    return lowest != null ? lowest : closingReserveFen(agreement, date);
  }

  public Totals totals(String agreement) {
    return ledger(agreement).totals();
  }

  /** Principal still owed on a loan, in total and to the partner. */
  public Outstanding outstanding(String agreement, String loanRef) {
    Outstanding loan = ledger(agreement).loans.get(loanRef);
    if (loan == null) {
      throw new NoSuchElementException("no disbursement of loan " + loanRef + " in " + agreement);
    }
    return loan;
  }

  /** Every loan of the agreement with what is still owed on it. */
  public Map<String, Outstanding> loans(String agreement) {
    return new TreeMap<>(ledger(agreement).loans);
  }

  /**
   * The net reserve movement of the events carrying {@code settlementRef} (positive: into the
   * reserve), which the settlement of that batch must equal in size and direction.
   */
  public long settlementNetFen(String agreement, String settlementRef) {
    return ledger(agreement).settlementNets.getOrDefault(settlementRef, 0L);
  }

  private AgreementLedger ledger(String agreement) {
    AgreementLedger ledger = ledgers.get(agreement);
    if (ledger == null) {
      throw new NoSuchElementException("no event of agreement " + agreement);
    }
    return ledger;
  }

  /** Totals over all events of an agreement; "partner" amounts are the partner's portions. */
  public record Totals(
      long depositedFen,
      long withdrawnFen,
      long disbursedFen,
      long partnerDisbursedFen,
      long repaidPrincipalFen,
      long partnerRepaidPrincipalFen,
      long partnerRepaidIncomeFen,
      long partnerFeesFen,
      long partnerWrittenOffFen,
      long partnerRecoveredFen) {}

  /** Principal outstanding on one loan. */
  public record Outstanding(long principalFen, long partnerPrincipalFen) {}
}
