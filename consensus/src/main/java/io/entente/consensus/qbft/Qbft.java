package io.entente.consensus.qbft;

import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.ConsensusLimits;
import io.entente.consensus.message.Commit;
import io.entente.consensus.message.CommitPayload;
import io.entente.consensus.message.DurableRecord;
import io.entente.consensus.message.Equivocation;
import io.entente.consensus.message.Message;
import io.entente.consensus.message.MessageType;
import io.entente.consensus.message.Payload;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.PreparePayload;
import io.entente.consensus.message.PreparedState;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.consensus.message.RoundChangePayload;
import io.entente.consensus.message.SignedRoundChange;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockCertificate;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Seal;
import io.entente.core.chain.SealPayload;
import io.entente.core.chain.Transaction;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One validator's QBFT consensus for one channel, as a deterministic state machine in the style of
 * etcd/raft: {@link #step} takes an {@link Event} and returns the {@link Action}s to carry out, and
 * is a function of the machine's state and the event alone. There is no clock (every event carries
 * {@code nowMs}), no I/O and no randomness; the same events give the same actions on every run.
 *
 * <p><b>Contract with the shell.</b> The shell carries out the actions of one step in list order.
 * Every {@link Action.Persist} and {@link Action.CommitBlock} must be durable (fsync) before any
 * later {@link Action.Send} or {@link Action.Multicast} of the same list is carried out: sign,
 * persist, fsync, send (DESIGN §2 Durability). The machine always lists the Persist of a message
 * before its send, and the prepared state before the COMMIT that follows from it. After a restart
 * from its durable records ({@link #restart}) the machine never signs a message that conflicts with
 * one it persisted: every signature goes through one guard keyed by (round, type) of the height. A
 * node that lost its write-ahead log (or was restored from a backup) starts with {@link
 * #startWithoutLog} and does not sign anything until it has seen a final block above its last known
 * height + 1.
 *
 * <p><b>Rules.</b> The {@code upon…} methods follow the Dafny model of QBFT ({@code node.dfy}):
 * proposal acceptance, PREPARE quorum, COMMIT quorum, proposal after a quorum of ROUND-CHANGEs,
 * round timeout and the f + 1 round skip. Quorum is ⌈2n/3⌉. Our additions (qbft.md): no round timer
 * and no block while idle; blocks once transactions wait and the minimum interval has passed, or
 * time-advancing blocks for a passed application deadline; the censorship timer; bounded timer
 * growth with periodic re-send of the current ROUND-CHANGE; round alignment (a round above 0 is
 * timed only once a quorum reached it or a later one); memory bounded per sender rather than by
 * round number; sync on evidence of a higher height; equivocation evidence.
 */
public final class Qbft {
  private final QbftSetup setup;
  private final CryptoSuite suite;
  private final ConsensusConfig config;
  private final Rules rules;
  private final Hash me;
  private final Judge judge;
  private final Chain chain;
  private final MessageLog log = new MessageLog();

  // The round being played at this height.
  private int round;
  private Proposal accepted;
  private Proposal lastAccepted;
  private PreparedState prepared;
  private RoundChange myRoundChange;

  /** What this validator signed at this height, by (round, type): the never-conflict guard. */
  private final TreeMap<Long, Payload> signedAtHeight = new TreeMap<>();

  /** The messages this validator signed in its current round, by (round, type), to re-send. */
  private final TreeMap<Long, Message> signedThisRound = new TreeMap<>();

  private Timer roundTimer;
  private Timer resendTimer;
  private Timer wakeTimer;
  private Timer syncTimer;
  private Integer buildRequested;
  private final TreeMap<Hash, Boolean> verdicts = new TreeMap<>();
  private final TreeSet<Hash> validationRequested = new TreeSet<>();
  private int waitingCount;
  private long oldestArrivalMs;
  private long syncRequestedTo;
  private final TreeMap<Hash, Long> heightsSeen = new TreeMap<>();
  private final List<Equivocation> evidence = new ArrayList<>();

  /**
   * Messages refused since the shell last asked, by reason: counted outside the action list, so
   * what a node does (and the simulator's traces) does not depend on whether anyone counts.
   */
  private final TreeMap<String, Integer> refusals = new TreeMap<>();

  private int evidenceThisHeight;
  private long votingFromHeight;
  private boolean withoutLog;
  private boolean restoredMidHeight;
  private boolean halted;

  // The step in progress.
  private long nowMs;
  private List<Action> out = new ArrayList<>();

  private Qbft(QbftSetup setup, ChainTip tip) {
    this.setup = setup;
    this.suite = setup.suite();
    this.config = setup.config();
    this.rules = setup.rules();
    this.me = suite.fingerprint(setup.signer().publicKey());
    this.judge = new Judge(suite, setup.genesis(), rules);
    this.chain = new Chain(suite, tip);
    this.syncRequestedTo = tip.height();
  }

  /** A validator starting with an empty write-ahead log for the height after {@code tip}. */
  public static Qbft start(QbftSetup setup, ChainTip tip) {
    return new Qbft(setup, tip);
  }

  /**
   * A validator restarting from its write-ahead log: the records it persisted, in order (records of
   * other heights than the one after {@code tip} are ignored). It resumes in the highest round it
   * signed anything in and never signs anything that conflicts with a record.
   */
  public static Qbft restart(QbftSetup setup, ChainTip tip, List<DurableRecord> records) {
    Qbft qbft = new Qbft(setup, tip);
    for (DurableRecord record : records) {
      if (record.height() == qbft.chain.height()) {
        qbft.restore(record);
      }
    }
    return qbft;
  }

  /**
   * A validator without its write-ahead log (lost, or restored from a backup, which never includes
   * it): it may have voted at heights it does not remember, so it signs nothing until a block above
   * {@code tip.height() + 1} is final. Its tip may be older than the heights it voted at (a backup,
   * or no data at all), so until it votes, every block it fetches by sync moves that bar up: the
   * last height it learns was final counts as its last known height.
   */
  public static Qbft startWithoutLog(QbftSetup setup, ChainTip tip) {
    Qbft qbft = new Qbft(setup, tip);
    qbft.votingFromHeight = tip.height() + 3;
    qbft.withoutLog = true;
    return qbft;
  }

  private void restore(DurableRecord record) {
    if (record instanceof Message message) {
      signedAtHeight.put(key(message.round(), message.type()), message.signed().payload());
      keepForResend(message);
      log.add(message);
      round = Math.max(round, message.round());
      if (message instanceof RoundChange roundChange
          && (myRoundChange == null || myRoundChange.round() < roundChange.round())) {
        myRoundChange = roundChange;
      }
    } else if (record instanceof PreparedState state) {
      if (prepared == null || prepared.round() < state.round()) {
        prepared = state;
      }
    } else {
      throw new AssertionError("unknown record " + record.getClass());
    }
    restoredMidHeight = true;
  }

  // ---------------------------------------------------------------------------------------------
  // Stepping

  /** The messages refused since the last call, by reason; the count starts again from zero. */
  public java.util.SortedMap<String, Integer> drainRefusals() {
    TreeMap<String, Integer> drained = new TreeMap<>(refusals);
    refusals.clear();
    return drained;
  }

  /** Handles one event and returns the actions to carry out, in order (see the class comment). */
  public List<Action> step(Event event) {
    if (halted) {
      return List.of();
    }
    out = new ArrayList<>();
    nowMs = event.nowMs();
    dispatch(event);
    if (!halted) {
      settle();
    }
    List<Action> actions = List.copyOf(out);
    out = new ArrayList<>();
    return actions;
  }

  private void dispatch(Event event) {
    if (event instanceof Event.MessageReceived received) {
      onMessage(received.message());
    } else if (event instanceof Event.TimerFired fired) {
      onTimer(fired.timer());
    } else if (event instanceof Event.BlockBuilt built) {
      onBlockBuilt(built);
    } else if (event instanceof Event.BlockValidated validated) {
      onBlockValidated(validated);
    } else if (event instanceof Event.BlockExecuted executed) {
      onBlockExecuted(executed);
    } else if (event instanceof Event.SyncResult sync) {
      onSyncResult(sync.blocks());
    } else if (event instanceof Event.TransactionsWaiting waiting) {
      waitingCount = waiting.count();
      oldestArrivalMs = waiting.oldestArrivalMs();
    } else if (event instanceof Event.CertifiedBlockReceived received) {
      onCertifiedBlock(received.block());
    } else {
      throw new AssertionError("unknown event " + event.getClass());
    }
  }

  /** Applies the upon-rules until none applies (Dafny's NodeNext), then arranges timers. */
  private void settle() {
    for (int i = 0; ; i++) {
      if (i > ConsensusLimits.STEP_ITERATIONS_MAX) {
        throw new IllegalStateException("the upon-rules did not settle in one step");
      }
      boolean changed =
          uponProposal() || uponPrepare() || uponCommit() || uponRoundChanges() || uponRoundSkip();
      if (!changed || halted) {
        break;
      }
    }
    if (!halted) {
      maybeBuildRound0();
      maybeStartRoundTimer();
      maybeScheduleResend();
      scheduleWake();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Messages in

  private void onMessage(Message message) {
    if (!message.channel().equals(setup.genesis().channel()) || message.height() < chain.height()) {
      return;
    }
    // Authors are judged against the set being decided; a validator that joins at a later height
    // is heard once this node reaches that height (ROUND-CHANGEs are re-sent).
    Check signature = message.signed().verify(suite, chain.validatorsByFingerprint());
    if (signature instanceof Check.Rejected rejected) {
      refusals.merge(rejected.reason(), 1, Integer::sum);
      return;
    }
    if (message.height() > chain.height()) {
      noteHigherHeight(message);
      if (message.height() - chain.height() <= ConsensusLimits.HEIGHTS_AHEAD_MAX) {
        log.addFuture(message);
      }
      return;
    }
    Check judged = judgeCurrent(message);
    if (judged instanceof Check.Rejected rejected) {
      refusals.merge(rejected.reason(), 1, Integer::sum);
      return;
    }
    Optional<Equivocation> conflict = log.add(message);
    conflict.ifPresent(this::report);
    if (conflict.isPresent()
        && message instanceof Proposal proposal
        && signedPrepareFor(proposal)) {
      // Of an equivocating proposer's two blocks, keep the one this node already prepared.
      log.replaceProposal(proposal);
    }
    if (message instanceof RoundChange roundChange) {
      answerLaggingRoundChange(roundChange);
    }
  }

  private boolean signedPrepareFor(Proposal proposal) {
    Payload prepare = signedAtHeight.get(key(proposal.round(), MessageType.PREPARE));
    return prepare instanceof PreparePayload payload
        && payload.digest().equals(proposal.signed().payload().digest());
  }

  private Check judgeCurrent(Message message) {
    if (message instanceof Proposal proposal) {
      return judge.proposal(proposal, chain);
    } else if (message instanceof Prepare) {
      return Check.accepted();
    } else if (message instanceof Commit commit) {
      return judge.commit(commit, chain);
    } else if (message instanceof RoundChange roundChange) {
      return judge.roundChange(roundChange, chain);
    }
    throw new AssertionError("unknown message " + message.getClass());
  }

  /** A validator behind in rounds gets my current ROUND-CHANGE, which may let it skip ahead. */
  private void answerLaggingRoundChange(RoundChange theirs) {
    if (myRoundChange != null
        && !theirs.author().equals(me)
        && theirs.round() < myRoundChange.round()
        && myRoundChange.round() == round) {
      out.add(new Action.Send(theirs.author(), myRoundChange));
    }
  }

  private void report(Equivocation equivocation) {
    if (evidence.contains(equivocation)
        || evidenceThisHeight >= ConsensusLimits.EVIDENCE_KEPT_MAX) {
      return;
    }
    if (evidence.size() >= ConsensusLimits.EVIDENCE_KEPT_MAX) {
      evidence.remove(0);
    }
    evidence.add(equivocation);
    evidenceThisHeight++;
    out.add(new Action.ReportEvidence(equivocation));
  }

  /**
   * f + 1 validators at a higher height: at least one honest one, so the blocks below are final.
   */
  private void noteHigherHeight(Message message) {
    heightsSeen.merge(message.author(), message.height(), Math::max);
    List<Long> above = new ArrayList<>();
    for (Hash validator : chain.fingerprints()) {
      Long seen = heightsSeen.get(validator);
      if (seen != null && seen > chain.height()) {
        above.add(seen);
      }
    }
    int needed = chain.validators().maxFaulty() + 1;
    if (above.size() >= needed) {
      above.sort(Comparator.reverseOrder());
      requestSync(above.get(needed - 1) - 1);
    }
  }

  private void requestSync(long toHeight) {
    if (toHeight >= chain.height() && toHeight > syncRequestedTo) {
      syncRequestedTo = toHeight;
      out.add(new Action.RequestSync(chain.height(), toHeight));
      scheduleSyncRetry();
    }
  }

  /**
   * A sync request or its answers may be lost, and the evidence that started it (a block
   * announcement, messages of a higher height) may never come again: until this node reaches the
   * height it asked for, it asks again from where it is, every re-send interval.
   */
  private void scheduleSyncRetry() {
    syncTimer =
        new Timer(Timer.Kind.SYNC_RETRY, chain.height(), 0, nowMs + config.roundChangeResendMs());
    out.add(new Action.ScheduleTimer(syncTimer));
  }

  private void onSyncRetry() {
    if (!halted && chain.height() <= syncRequestedTo) {
      out.add(new Action.RequestSync(chain.height(), syncRequestedTo));
      scheduleSyncRetry();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // UponProposal

  /** Accepts the best valid proposal the round rule allows; others stay buffered. */
  private boolean uponProposal() {
    if (!canVote()) {
      return false;
    }
    List<Proposal> candidates = new ArrayList<>();
    for (Proposal proposal : log.proposals()) {
      if (roundAllows(proposal.round())) {
        candidates.add(proposal);
      }
    }
    candidates.sort(Comparator.comparingInt(Proposal::round).reversed());
    for (Proposal proposal : candidates) {
      Readiness readiness = readiness(proposal);
      if (readiness == Readiness.INVALID) {
        log.removeProposal(proposal);
      } else if (readiness == Readiness.READY && accept(proposal)) {
        return true;
      }
    }
    return false;
  }

  /** Dafny's round condition of {@code isValidProposal}. */
  private boolean roundAllows(int proposalRound) {
    return accepted == null ? proposalRound == round : proposalRound > round;
  }

  private enum Readiness {
    READY,
    NOT_YET,
    INVALID
  }

  /**
   * A re-proposed prepared block was validated by the quorum that prepared it; a fresh block must
   * follow its parent's execution and time, and the application must accept its transactions.
   */
  private Readiness readiness(Proposal proposal) {
    boolean fresh =
        proposal.round() == 0 || rules.selectHighestPrepared(proposal.roundChanges()).isEmpty();
    if (!fresh) {
      return Readiness.READY;
    }
    BlockHeader header = proposal.block().header();
    Optional<Execution> parent = chain.parentExecution();
    if (parent.isEmpty()) {
      return Readiness.NOT_YET;
    }
    if (!header.prevReceiptRoot().equals(parent.get().receiptRoot())
        || !header.prevStateDigest().equals(parent.get().stateDigest())
        || header.timestampMs() <= chain.parentTimestampMs()) {
      return Readiness.INVALID;
    }
    if (header.timestampMs() - nowMs > config.blockTimeDriftMsMax()) {
      return Readiness.NOT_YET;
    }
    Hash digest = proposal.signed().payload().digest();
    Boolean verdict = verdicts.get(digest);
    if (verdict == null) {
      requestValidation(proposal.block(), digest);
      return Readiness.NOT_YET;
    }
    return verdict ? Readiness.READY : Readiness.INVALID;
  }

  private void requestValidation(Block block, Hash digest) {
    if (!validationRequested.contains(digest)
        && validationRequested.size() < ConsensusLimits.VERDICTS_PER_HEIGHT_MAX) {
      validationRequested.add(digest);
      out.add(new Action.ValidateBlock(block));
    }
  }

  private boolean accept(Proposal proposal) {
    PreparePayload payload =
        new PreparePayload(
            proposal.channel(),
            chain.height(),
            proposal.round(),
            proposal.signed().payload().digest());
    if (!maySign(payload)) {
      return false;
    }
    if (proposal.round() > round) {
      round = proposal.round();
      restartRoundTimer();
    }
    accepted = proposal;
    lastAccepted = proposal;
    if (roundTimer == null) {
      restartRoundTimer();
    }
    emit(Prepare.sign(suite, setup.signer(), payload));
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // UponPrepare and UponCommit

  /** A quorum of PREPAREs for the accepted block: prepared; persist that, then COMMIT. */
  private boolean uponPrepare() {
    if (accepted == null
        || !canVote()
        || signedAtHeight.containsKey(key(round, MessageType.COMMIT))) {
      return false;
    }
    Hash digest = accepted.signed().payload().digest();
    List<Prepare> prepares = log.prepares(round, digest);
    if (prepares.size() < rules.quorum(chain.validators())) {
      return false;
    }
    Block block = accepted.block();
    Seal seal = Seal.sign(suite, setup.signer(), SealPayload.of(suite, block.header()));
    CommitPayload payload =
        new CommitPayload(block.header().channel(), chain.height(), round, digest, seal);
    if (!maySign(payload)) {
      return false;
    }
    prepared = new PreparedState(chain.height(), round, block, prepares);
    Commit commit = Commit.sign(suite, setup.signer(), payload);
    record(commit);
    keepForResend(commit);
    if (rules.persistBeforeCommit()) {
      out.add(new Action.Persist(prepared));
      out.add(new Action.Persist(commit));
      out.add(new Action.Multicast(commit));
    } else {
      out.add(new Action.Multicast(commit));
      out.add(new Action.Persist(prepared));
      out.add(new Action.Persist(commit));
    }
    log.add(commit);
    return true;
  }

  /** A quorum of COMMITs for the accepted block (and a seal of every institution, if required). */
  private boolean uponCommit() {
    if (accepted == null) {
      return false;
    }
    Hash digest = accepted.signed().payload().digest();
    List<Commit> commits = log.commits(round, digest);
    if (commits.size() < rules.quorum(chain.validators()) || !everyInstitutionSealed(commits)) {
      return false;
    }
    List<Seal> seals = new ArrayList<>();
    for (Commit commit : commits) {
      seals.add(commit.payload().commitSeal());
    }
    commit(new CertifiedBlock(accepted.block(), BlockCertificate.of(digest, seals)));
    return true;
  }

  private boolean everyInstitutionSealed(List<Commit> commits) {
    if (!setup.genesis().sealFromEveryInstitution()) {
      return true;
    }
    TreeSet<String> sealed = new TreeSet<>();
    for (Commit commit : commits) {
      chain.validator(commit.author()).ifPresent(v -> sealed.add(v.institution()));
    }
    return sealed.containsAll(chain.validators().institutions());
  }

  /** The block is final: commit it and start the next height at round 0. */
  private void commit(CertifiedBlock block) {
    out.add(new Action.CommitBlock(block));
    Check execution = chain.advance(block.block());
    if (execution instanceof Check.Rejected rejected) {
      halt(rejected);
      return;
    }
    round = 0;
    accepted = null;
    prepared = null;
    myRoundChange = null;
    signedAtHeight.clear();
    signedThisRound.clear();
    roundTimer = null;
    resendTimer = null;
    buildRequested = null;
    verdicts.clear();
    validationRequested.clear();
    waitingCount = 0;
    evidenceThisHeight = 0;
    restoredMidHeight = false;
    for (Message kept : log.advanceTo(chain.height())) {
      onMessage(kept);
    }
  }

  private void halt(Check.Rejected rejected) {
    out.add(new Action.Halt(rejected.reason(), rejected.detail()));
    halted = true;
  }

  // ---------------------------------------------------------------------------------------------
  // UponRoundChange: proposing after a quorum of ROUND-CHANGEs, and the f + 1 skip

  /** As proposer of a round with a quorum of ROUND-CHANGEs, propose (re-proposing if prepared). */
  private boolean uponRoundChanges() {
    if (!canVote()) {
      return false;
    }
    TreeSet<Integer> rounds = new TreeSet<>(Comparator.reverseOrder());
    for (RoundChange roundChange : log.roundChangesAbove(round - 1)) {
      rounds.add(roundChange.round());
    }
    for (int candidate : rounds) {
      if (candidate > 0
          && roundAllows(candidate)
          && chain.proposer(candidate).equals(me)
          && !signedAtHeight.containsKey(key(candidate, MessageType.PROPOSAL))
          && log.roundChanges(candidate).size() >= rules.quorum(chain.validators())) {
        return proposeAfterRoundChange(candidate, null);
      }
    }
    return false;
  }

  /**
   * Proposes for {@code newRound} with the ROUND-CHANGEs kept for it: the highest prepared block
   * with its round replaced, or a fresh block, which is built first ({@code built} null).
   */
  private boolean proposeAfterRoundChange(int newRound, List<Transaction> built) {
    List<RoundChange> roundChanges = log.roundChanges(newRound);
    List<SignedRoundChange> signed = new ArrayList<>();
    for (RoundChange roundChange : roundChanges) {
      signed.add(roundChange.signed());
    }
    List<SignedRoundChange> highest = rules.selectHighestPrepared(signed);
    Block block;
    List<Prepare> prepares;
    if (highest.isEmpty()) {
      if (built == null) {
        requestBuild(newRound);
        return false;
      }
      block = newBlock(newRound, built);
      prepares = List.of();
    } else {
      RoundChange source = sourceOf(roundChanges, highest.get(0));
      block = source.preparedBlock().orElseThrow().withRound(newRound);
      prepares = source.prepares();
    }
    if (block == null) {
      return false;
    }
    Proposal proposal = Proposal.sign(suite, setup.signer(), newRound, block, signed, prepares);
    if (!maySign(proposal.signed().payload())) {
      return false;
    }
    if (newRound > round) {
      round = newRound;
      restartRoundTimer();
    }
    accepted = null;
    emit(proposal);
    return true;
  }

  private static RoundChange sourceOf(List<RoundChange> roundChanges, SignedRoundChange signed) {
    for (RoundChange roundChange : roundChanges) {
      if (roundChange.signed().equals(signed)) {
        return roundChange;
      }
    }
    throw new IllegalStateException("a chosen round change is not among those kept");
  }

  /**
   * ROUND-CHANGEs for rounds above mine from f + 1 validators: at least one honest validator is at
   * the (f + 1)-th highest of their rounds, so move there and say so.
   */
  private boolean uponRoundSkip() {
    if (!rules.roundSkipEnabled() || !canVote()) {
      return false;
    }
    List<RoundChange> above = log.roundChangesAbove(round);
    int needed = chain.validators().maxFaulty() + 1;
    if (above.size() < needed) {
      return false;
    }
    List<Integer> rounds = new ArrayList<>();
    for (RoundChange roundChange : above) {
      rounds.add(roundChange.round());
    }
    rounds.sort(Comparator.reverseOrder());
    moveToRound(rounds.get(needed - 1));
    return true;
  }

  /**
   * Enters {@code newRound} and says so; its timer starts once the round is aligned ({@link
   * #maybeStartRoundTimer}), not here.
   */
  private void moveToRound(int newRound) {
    round = newRound;
    accepted = null;
    roundTimer = null;
    sendRoundChange();
  }

  /** ROUND-CHANGE for my round, with my prepared block and its PREPAREs if I prepared one. */
  private void sendRoundChange() {
    Optional<RoundChangePayload.Prepared> what =
        prepared == null
            ? Optional.empty()
            : Optional.of(
                new RoundChangePayload.Prepared(prepared.round(), prepared.block().hash(suite)));
    RoundChangePayload payload =
        new RoundChangePayload(setup.genesis().channel(), chain.height(), round, what);
    if (!maySign(payload)) {
      return;
    }
    RoundChange roundChange =
        new RoundChange(
            SignedRoundChange.sign(suite, setup.signer(), payload),
            prepared == null ? Optional.empty() : Optional.of(prepared.block()),
            prepared == null ? List.of() : prepared.prepares());
    myRoundChange = roundChange;
    emit(roundChange);
  }

  // ---------------------------------------------------------------------------------------------
  // Timers

  private void onTimer(Timer timer) {
    switch (timer.kind()) {
      case ROUND -> {
        if (timer.equals(roundTimer)) {
          roundTimer = null;
          onRoundTimeout();
        }
      }
      case RESEND -> {
        if (timer.equals(resendTimer)) {
          resendTimer = null;
          resendRound();
        }
      }
      case WAKE -> {
        if (timer.equals(wakeTimer)) {
          wakeTimer = null;
        }
      }
      case SYNC_RETRY -> {
        if (timer.equals(syncTimer)) {
          syncTimer = null;
          onSyncRetry();
        }
      }
    }
  }

  /**
   * Round 0 with nothing accepted and no work left (the transaction became final, the deadline was
   * served) needs no round change: that is how idle chains stay quiet. Otherwise move up a round.
   */
  private void onRoundTimeout() {
    if (!canVote() || (round == 0 && accepted == null && !hasWork())) {
      return;
    }
    if (round == Integer.MAX_VALUE) {
      restartRoundTimer();
      sendRoundChange();
      return;
    }
    moveToRound(round + 1);
  }

  private void restartRoundTimer() {
    roundTimer =
        new Timer(Timer.Kind.ROUND, chain.height(), round, nowMs + config.roundTimeoutMs(round));
    out.add(new Action.ScheduleTimer(roundTimer));
  }

  /**
   * Links may lose messages, and a round succeeds only when a quorum got its PROPOSAL, PREPAREs and
   * COMMITs; a longer round timer does not help against loss. So while the round is undecided this
   * validator re-sends what it signed in it (ROUND-CHANGE, PROPOSAL, PREPARE, COMMIT) every re-send
   * interval of the round ({@link ConsensusConfig#resendIntervalMs}: short enough that even the
   * early, short rounds get re-sends before their timer): the same persisted messages, never a new
   * signature. Receivers keep one message per sender and type, so a copy changes nothing there.
   */
  private void maybeScheduleResend() {
    boolean pendingForRound =
        resendTimer != null
            && resendTimer.height() == chain.height()
            && resendTimer.round() == round;
    if (!pendingForRound && canVote() && !messagesOfRound().isEmpty()) {
      resendTimer =
          new Timer(
              Timer.Kind.RESEND, chain.height(), round, nowMs + config.resendIntervalMs(round));
      out.add(new Action.ScheduleTimer(resendTimer));
    }
  }

  private void resendRound() {
    if (!canVote()) {
      return;
    }
    for (Message message : messagesOfRound()) {
      out.add(new Action.Multicast(message));
    }
  }

  private List<Message> messagesOfRound() {
    List<Message> ofRound = new ArrayList<>();
    for (Message message : signedThisRound.tailMap(key(round, 0)).values()) {
      if (message.round() == round) {
        ofRound.add(message);
      }
    }
    return ofRound;
  }

  /** Keeps a message signed now; those of lower rounds will never be re-sent. */
  private void keepForResend(Message message) {
    signedThisRound.headMap(key(message.round(), 0)).clear();
    signedThisRound.put(key(message.round(), message.type()), message);
  }

  /**
   * When the current round's timer runs. An accepted proposal always has one. In round 0 it is the
   * censorship timer: a validator that holds a transaction older than the minimum interval, or sees
   * an application deadline pass, starts it, so a proposer that stays silent is replaced.
   *
   * <p>A round above 0 is timed only once a quorum of validators has shown it reached that round or
   * a later one (round alignment, our addition). Without it the honest validators' rounds drift
   * apart for good: one that holds work times out round after round while the others wait idle in
   * round 0; once the timers are capped nothing outgrows that offset, and with f validators silent
   * the f + 1 skip cannot pull the laggards forward, so no round ever has every honest validator in
   * it long enough. With the gate, a validator that runs ahead waits, re-sending its ROUND-CHANGE,
   * until the round holds a quorum, and all of them time it from (nearly) the same moment. It
   * cannot wait forever: the validators behind it get its work by forwarding and time out into its
   * round, or f + 1 of them ahead pull it up by the skip; and a validator ahead counts for every
   * round it passed.
   */
  private void maybeStartRoundTimer() {
    if (roundTimer == null && canVote() && roundTimerDue()) {
      restartRoundTimer();
    }
  }

  private boolean roundTimerDue() {
    if (accepted != null) {
      return true;
    }
    if (round == 0) {
      return restoredMidHeight || hasWork();
    }
    return log.sendersAtOrAbove(round) >= rules.quorum(chain.validators());
  }

  private boolean hasWork() {
    return (waitingCount > 0 && nowMs - oldestArrivalMs >= config.blockIntervalMsMin())
        || deadlineDue();
  }

  private boolean deadlineDue() {
    return chain.nextDeadlineMs().isPresent()
        && nowMs >= chain.nextDeadlineMs().getAsLong()
        && nowMs - chain.parentTimestampMs() >= config.tickIntervalMs();
  }

  /**
   * The next moment something becomes due at round 0 (a transaction's age, an interval, a
   * deadline).
   */
  private void scheduleWake() {
    if (round != 0 || accepted != null || !canVote()) {
      return;
    }
    long due = Long.MAX_VALUE;
    if (waitingCount > 0) {
      if (roundTimer == null) {
        due = future(due, oldestArrivalMs + config.blockIntervalMsMin());
      }
      if (chain.proposer(0).equals(me)) {
        due = future(due, chain.parentTimestampMs() + config.blockIntervalMsMin());
      }
    }
    if (chain.nextDeadlineMs().isPresent()) {
      due =
          future(
              due,
              Math.max(
                  chain.nextDeadlineMs().getAsLong(),
                  chain.parentTimestampMs() + config.tickIntervalMs()));
    }
    if (due != Long.MAX_VALUE && due > nowMs && (wakeTimer == null || wakeTimer.atMs() != due)) {
      wakeTimer = new Timer(Timer.Kind.WAKE, chain.height(), 0, due);
      out.add(new Action.ScheduleTimer(wakeTimer));
    }
  }

  /** The earlier of {@code due} and {@code candidate}, if the candidate is still to come. */
  private long future(long due, long candidate) {
    return candidate > nowMs ? Math.min(due, candidate) : due;
  }

  // ---------------------------------------------------------------------------------------------
  // Building blocks

  /**
   * The round-0 proposer builds once transactions wait and the minimum interval since the parent
   * has passed, or when an application deadline has passed (a time-advancing block, at most one per
   * tick interval); never while idle. It needs the parent's execution for the header.
   */
  private void maybeBuildRound0() {
    if (!canVote()
        || round != 0
        || accepted != null
        || !chain.proposer(0).equals(me)
        || signedAtHeight.containsKey(key(0, MessageType.PROPOSAL))) {
      return;
    }
    boolean transactionsDue =
        waitingCount > 0 && nowMs - chain.parentTimestampMs() >= config.blockIntervalMsMin();
    if (transactionsDue || deadlineDue()) {
      requestBuild(0);
    }
  }

  private void requestBuild(int buildRound) {
    if (chain.parentExecution().isEmpty()
        || (buildRequested != null && buildRequested == buildRound)) {
      return;
    }
    buildRequested = buildRound;
    out.add(new Action.BuildBlock(chain.height(), buildRound));
  }

  private void onBlockBuilt(Event.BlockBuilt built) {
    if (built.height() != chain.height()
        || buildRequested == null
        || buildRequested != built.round()) {
      return;
    }
    buildRequested = null;
    int buildRound = built.round();
    if (buildRound > 0) {
      if (roundAllows(buildRound)
          && canVote()
          && !signedAtHeight.containsKey(key(buildRound, MessageType.PROPOSAL))
          && log.roundChanges(buildRound).size() >= rules.quorum(chain.validators())) {
        proposeAfterRoundChange(buildRound, built.transactions());
      }
      return;
    }
    if (round == 0 && accepted == null && canVote()) {
      Block block = newBlock(0, built.transactions());
      if (block == null) {
        return;
      }
      Proposal proposal = Proposal.sign(suite, setup.signer(), 0, block, List.of(), List.of());
      if (maySign(proposal.signed().payload())) {
        emit(proposal);
      }
    }
  }

  /** A fresh block of this height: the header names the parent, set and parent's execution. */
  private Block newBlock(int blockRound, List<Transaction> transactions) {
    Optional<Execution> parent = chain.parentExecution();
    if (parent.isEmpty()) {
      return null;
    }
    long timestampMs = Math.max(nowMs, chain.parentTimestampMs() + 1);
    BlockHeader header =
        new BlockHeader(
            setup.genesis().channel(),
            chain.height(),
            chain.parentHash(),
            me,
            blockRound,
            timestampMs,
            setup.genesis().rulesVersion(),
            chain.validatorSetHash(),
            Block.txRoot(suite, transactions),
            parent.get().receiptRoot(),
            parent.get().stateDigest());
    return new Block(header, transactions);
  }

  // ---------------------------------------------------------------------------------------------
  // The application and the chain

  private void onBlockValidated(Event.BlockValidated validated) {
    if (validated.height() == chain.height()
        && verdicts.size() < ConsensusLimits.VERDICTS_PER_HEIGHT_MAX) {
      verdicts.put(validated.digest(), validated.verdict().isAccepted());
    }
  }

  private void onBlockExecuted(Event.BlockExecuted executed) {
    Check check =
        chain.executed(
            new Execution(executed.height(), executed.receiptRoot(), executed.stateDigest()),
            executed.nextDeadlineMs());
    if (check instanceof Check.Rejected rejected) {
      halt(rejected);
    }
  }

  private void onSyncResult(List<CertifiedBlock> blocks) {
    List<CertifiedBlock> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong(b -> b.block().header().height()));
    for (CertifiedBlock block : sorted) {
      long height = block.block().header().height();
      if (height < chain.height()) {
        continue;
      }
      if (halted || height > chain.height() || chain.executionLagFull() || !isFinal(block)) {
        break;
      }
      boolean beforeVoting = withoutLog && chain.height() < votingFromHeight;
      commit(block);
      if (beforeVoting) {
        votingFromHeight = Math.max(votingFromHeight, height + 3);
      }
    }
  }

  /** A final block for my height ends my round at once; one above it means I am behind. */
  private void onCertifiedBlock(CertifiedBlock block) {
    long height = block.block().header().height();
    if (height == chain.height() && !chain.executionLagFull() && isFinal(block)) {
      commit(block);
    } else if (height > chain.height()) {
      requestSync(height);
    }
  }

  private boolean isFinal(CertifiedBlock block) {
    BlockHeader header = block.block().header();
    return header.channel().equals(setup.genesis().channel())
        && header.parentHash().equals(chain.parentHash())
        && block
            .check(suite, chain.validators(), setup.genesis().sealFromEveryInstitution())
            .isAccepted();
  }

  // ---------------------------------------------------------------------------------------------
  // Signing

  private boolean canVote() {
    return chain.height() >= votingFromHeight && chain.validator(me).isPresent();
  }

  private static long key(int round, MessageType type) {
    return key(round, type.ordinal());
  }

  private static long key(int round, int typeOrdinal) {
    return (long) round * MessageType.values().length + typeOrdinal;
  }

  /** Never two conflicting payloads of one type for one round of this height. */
  private boolean maySign(Payload payload) {
    Payload before = signedAtHeight.get(key(payload.round(), payload.type()));
    return before == null || !MessageLog.conflicting(before, payload);
  }

  private void record(Message message) {
    Payload payload = message.signed().payload();
    if (!maySign(payload)) {
      throw new IllegalStateException("about to sign a conflicting " + payload.type());
    }
    signedAtHeight.put(key(payload.round(), payload.type()), payload);
  }

  /** Sign, persist, then send: the Persist precedes the Multicast in the action list. */
  private void emit(Message message) {
    record(message);
    keepForResend(message);
    out.add(new Action.Persist(message));
    out.add(new Action.Multicast(message));
    log.add(message);
  }

  // ---------------------------------------------------------------------------------------------
  // Read-only views, for the shell, tests and the simulator's invariants

  /** The height being decided. */
  public long height() {
    return chain.height();
  }

  public int round() {
    return round;
  }

  public Hash validator() {
    return me;
  }

  public Optional<PreparedState> prepared() {
    return Optional.ofNullable(prepared);
  }

  /** The digest of the proposal accepted in the current round, if any. */
  public Optional<Hash> acceptedDigest() {
    return Optional.ofNullable(accepted).map(p -> p.signed().payload().digest());
  }

  /**
   * The proposal this validator accepted last, kept after its round or height ended (a proposal
   * accepted and decided within one step is still seen here): the simulator re-checks its
   * justification against the QBFT model.
   */
  public Optional<Proposal> lastAcceptedProposal() {
    return Optional.ofNullable(lastAccepted);
  }

  public List<Equivocation> evidence() {
    return List.copyOf(evidence);
  }

  public boolean isHalted() {
    return halted;
  }

  /**
   * Whether this node may sign messages now (a validator, not halted, and not waiting after a lost
   * log).
   */
  public boolean isVoting() {
    return !halted && canVote();
  }

  /** Messages kept in memory, for tests of the memory bound. */
  int messagesKept() {
    return log.size();
  }

  int futureHeightsKept() {
    return log.futureHeights();
  }
}
