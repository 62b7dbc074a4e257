package io.entente.consensus.qbft;

import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.message.DurableRecord;
import io.entente.consensus.message.Message;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A tiny deterministic harness: n validators in one thread, a FIFO of pending events, virtual time
 * advanced by hand, and an in-memory shell that carries out actions (timers, a mempool, immediate
 * execution, automatic block building and validation). Tests drop or hold messages with a predicate
 * and inspect what each node did.
 */
final class Cluster {
  static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);
  static final String CHANNEL = "loans-a-b";
  static final long GENESIS_MS = 1_000_000;
  static final ConsensusConfig CONFIG =
      new ConsensusConfig(1_000, 4, 8_000, 2_500, 200, 1_000, 5_000);

  final Genesis genesis;
  final List<Node> nodes = new ArrayList<>();
  final ArrayDeque<Delivery> queue = new ArrayDeque<>();
  final List<Delivery> held = new ArrayList<>();
  long nowMs = GENESIS_MS + 10_000;

  /** Messages for which this returns true are held back (not delivered) until released. */
  Predicate<Delivery> hold = delivery -> false;

  /** While true, every answer to a {@link Action.RequestSync} is lost on its way. */
  boolean syncAnswersLost;

  /** Application deadlines: the next deadline after executing a height (block time). */
  Function<Long, OptionalLong> deadlines = height -> OptionalLong.empty();

  /** The validators the spare nodes hold, in node order after the genesis validators. */
  final List<Validator> spareValidators = new ArrayList<>();

  private final Signer client = TestKeys.signer(SuiteId.STANDARD, 99);
  private int submitted;

  /** One event for one node; {@code from} is the sending node for messages, else -1. */
  record Delivery(int to, int from, Event event) {
    boolean isMessage() {
      return event instanceof Event.MessageReceived;
    }

    Message message() {
      return ((Event.MessageReceived) event).message();
    }
  }

  Cluster(int size) {
    this(size, Rules.CORRECT, false);
  }

  /**
   * {@code size} validators, then {@code spares} more nodes with keys outside the genesis set: they
   * follow the chain (announcements, sync) and vote once a set change brings them in.
   */
  Cluster(int size, int spares) {
    this(size, Rules.CORRECT, false);
    for (int i = 0; i < spares; i++) {
      Signer signer = TestKeys.signer(SuiteId.STANDARD, size + i + 1);
      spareValidators.add(TestKeys.validator(signer, "bank-a"));
      nodes.add(new Node(nodes.size(), signer, Rules.CORRECT));
    }
  }

  Cluster(int size, Rules rules, boolean sealFromEveryInstitution) {
    List<Signer> signers = new ArrayList<>();
    List<Validator> validators = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Signer signer = TestKeys.signer(SuiteId.STANDARD, i + 1);
      signers.add(signer);
      validators.add(TestKeys.validator(signer, i < (size + 1) / 2 ? "bank-a" : "bank-b"));
    }
    ValidatorSet set = ValidatorSet.of(validators);
    genesis = new Genesis(CHANNEL, SuiteId.STANDARD, GENESIS_MS, 1, set, sealFromEveryInstitution);
    // Nodes in canonical order, so node i is validator i of the set.
    for (Validator validator : set.validators()) {
      for (Signer signer : signers) {
        if (signer.publicKey().equals(validator.key())) {
          nodes.add(new Node(nodes.size(), signer, rules));
        }
      }
    }
  }

  static Execution genesisExecution() {
    return new Execution(0, SUITE.hash(), hash("initial state"));
  }

  static Hash hash(String label) {
    return SUITE.hash(Bytes.of(label.getBytes(StandardCharsets.UTF_8)));
  }

  /** Execution is a function of the block, so every node gets the same. */
  static Execution execute(Block block, Execution previous) {
    long height = block.header().height();
    return new Execution(
        height,
        SUITE.hash(Bytes.of(("receipts " + height).getBytes(StandardCharsets.UTF_8))),
        SUITE.hash(previous.stateDigest().value(), block.header().txRoot().value()));
  }

  Node node(int index) {
    return nodes.get(index);
  }

  /** A fresh client transaction, sent to every validator's mempool (forwarding). */
  Transaction submit() {
    submitted++;
    Transaction transaction =
        Transaction.sign(
            SUITE,
            client,
            new TxBody(
                CHANNEL,
                "counter",
                "add",
                Bytes.of(("n=" + submitted).getBytes(StandardCharsets.UTF_8)),
                hash("client"),
                "key-" + submitted,
                GENESIS_MS,
                GENESIS_MS + 3_600_000));
    for (Node node : nodes) {
      node.receiveTransaction(transaction);
    }
    return transaction;
  }

  /** A validator-set change naming {@code next}, sent to every node's mempool. */
  Transaction submitChange(ValidatorSet next) {
    submitted++;
    Transaction transaction =
        Transaction.sign(
            SUITE,
            client,
            new TxBody(
                CHANNEL,
                ValidatorSetChange.APPLICATION,
                ValidatorSetChange.TYPE,
                new ValidatorSetChange(next).toPayload(),
                hash("client"),
                "key-" + submitted,
                GENESIS_MS,
                GENESIS_MS + 3_600_000));
    for (Node node : nodes) {
      node.receiveTransaction(transaction);
    }
    return transaction;
  }

  /** Delivers pending events in FIFO order until none is left (held messages stay held). */
  void run() {
    for (int i = 0; !queue.isEmpty(); i++) {
      if (i > 1_000_000) {
        throw new IllegalStateException("the cluster does not settle");
      }
      Delivery delivery = queue.removeFirst();
      Node node = nodes.get(delivery.to());
      if (node.down || (delivery.isMessage() && hold.test(delivery))) {
        if (!node.down) {
          held.add(delivery);
        }
        continue;
      }
      node.handle(delivery.event());
    }
  }

  /** Puts held messages back in the queue and stops holding. */
  void release() {
    hold = delivery -> false;
    queue.addAll(held);
    held.clear();
    run();
  }

  /** Advances virtual time, firing due timers in time order. */
  void advance(long ms) {
    long until = nowMs + ms;
    run();
    while (true) {
      Node next = null;
      Timer due = null;
      for (Node node : nodes) {
        for (Timer timer : node.timers.values()) {
          if (!node.down && timer.atMs() <= until && (due == null || timer.atMs() < due.atMs())) {
            due = timer;
            next = node;
          }
        }
      }
      if (due == null) {
        break;
      }
      nowMs = Math.max(nowMs, due.atMs());
      next.timers.remove(due.kind());
      queue.add(new Delivery(next.index, -1, new Event.TimerFired(due, nowMs)));
      run();
    }
    nowMs = until;
  }

  /** The height every node is deciding. */
  List<Long> heights() {
    List<Long> heights = new ArrayList<>();
    for (Node node : nodes) {
      heights.add(node.qbft.height());
    }
    return heights;
  }

  final class Node {
    final int index;
    final Signer signer;
    final Hash id;
    final Rules rules;
    Qbft qbft;
    final List<Action> actions = new ArrayList<>();
    final List<List<Action>> steps = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<DurableRecord> wal = new ArrayList<>();
    final TreeMap<Timer.Kind, Timer> timers = new TreeMap<>();
    final List<CertifiedBlock> chain = new ArrayList<>();
    final List<Transaction> mempool = new ArrayList<>();
    final List<Long> arrivals = new ArrayList<>();
    final List<Block> validated = new ArrayList<>();
    Execution executed = genesisExecution();
    boolean down;
    boolean autoBuild = true;
    boolean announce = true;
    Function<Block, Check> verdicts = block -> Check.accepted();

    Node(int index, Signer signer, Rules rules) {
      this.index = index;
      this.signer = signer;
      this.id = SUITE.fingerprint(signer.publicKey());
      this.rules = rules;
      this.qbft = Qbft.start(setup(), ChainTip.genesis(genesis, genesisExecution()));
    }

    QbftSetup setup() {
      return new QbftSetup(genesis, CONFIG, signer, rules);
    }

    void receiveTransaction(Transaction transaction) {
      mempool.add(transaction);
      arrivals.add(nowMs);
      reportMempool();
    }

    void reportMempool() {
      long oldest = arrivals.isEmpty() ? nowMs : arrivals.get(0);
      queue.add(
          new Delivery(index, -1, new Event.TransactionsWaiting(mempool.size(), oldest, nowMs)));
    }

    void deliver(Event event) {
      queue.add(new Delivery(index, -1, event));
    }

    void handle(Event event) {
      List<Action> result = qbft.step(event);
      events.add(event);
      steps.add(result);
      actions.addAll(result);
      for (Action action : result) {
        carryOut(action);
      }
    }

    private void carryOut(Action action) {
      if (action instanceof Action.Persist persist) {
        wal.add(persist.record());
      } else if (action instanceof Action.Multicast multicast) {
        for (Node other : nodes) {
          if (other != this) {
            queue.add(
                new Delivery(
                    other.index, index, new Event.MessageReceived(multicast.message(), nowMs)));
          }
        }
      } else if (action instanceof Action.Send send) {
        for (Node other : nodes) {
          if (other.id.equals(send.validator())) {
            queue.add(
                new Delivery(other.index, index, new Event.MessageReceived(send.message(), nowMs)));
          }
        }
      } else if (action instanceof Action.ScheduleTimer schedule) {
        timers.put(schedule.timer().kind(), schedule.timer());
      } else if (action instanceof Action.CommitBlock commit) {
        onCommit(commit.block());
      } else if (action instanceof Action.BuildBlock build) {
        if (autoBuild) {
          deliver(new Event.BlockBuilt(build.height(), build.round(), List.copyOf(mempool), nowMs));
        }
      } else if (action instanceof Action.RequestSync sync) {
        answerSync(sync);
      } else if (action instanceof Action.ValidateBlock validate) {
        validated.add(validate.block());
        deliver(
            new Event.BlockValidated(
                validate.block().header().height(),
                validate.block().hash(SUITE),
                verdicts.apply(validate.block()),
                nowMs));
      }
    }

    /** The longest chain among the nodes that are up answers, unless answers are being lost. */
    private void answerSync(Action.RequestSync sync) {
      List<CertifiedBlock> longest = List.of();
      for (Node other : nodes) {
        if (other != this && !other.down && other.chain.size() > longest.size()) {
          longest = other.chain;
        }
      }
      List<CertifiedBlock> answer = new ArrayList<>();
      for (CertifiedBlock block : longest) {
        long height = block.block().header().height();
        if (height >= sync.fromHeight() && height <= sync.toHeight()) {
          answer.add(block);
        }
      }
      if (!syncAnswersLost && !answer.isEmpty()) {
        deliver(new Event.SyncResult(answer, nowMs));
      }
    }

    /** Stores, executes and announces the final block to every other node, as the shell does. */
    private void onCommit(CertifiedBlock block) {
      chain.add(block);
      if (announce) {
        for (Node other : nodes) {
          if (other != this) {
            queue.add(
                new Delivery(other.index, index, new Event.CertifiedBlockReceived(block, nowMs)));
          }
        }
      }
      wal.clear();
      for (Transaction transaction : block.block().transactions()) {
        int at = mempool.indexOf(transaction);
        if (at >= 0) {
          mempool.remove(at);
          arrivals.remove(at);
        }
      }
      executed = execute(block.block(), executed);
      long height = block.block().header().height();
      deliver(
          new Event.BlockExecuted(
              height,
              executed.receiptRoot(),
              executed.stateDigest(),
              deadlines.apply(height),
              nowMs));
      reportMempool();
    }

    /** Crash: loses timers and pending events; the WAL and chain stay. */
    void crash() {
      down = true;
      timers.clear();
    }

    /** Restart from the WAL at the chain's tip. */
    void restart(boolean withLog) {
      down = false;
      ChainTip tip = tip();
      qbft = withLog ? Qbft.restart(setup(), tip, wal) : Qbft.startWithoutLog(setup(), tip);
      reportMempool();
    }

    ChainTip tip() {
      if (chain.isEmpty()) {
        return ChainTip.genesis(genesis, genesisExecution());
      }
      Block last = chain.get(chain.size() - 1).block();
      ValidatorSet set = genesis.validators();
      return ChainTip.of(SUITE, last.header(), set, set, java.util.Optional.of(executed));
    }

    List<Message> sent() {
      List<Message> sent = new ArrayList<>();
      for (Action action : actions) {
        if (action instanceof Action.Multicast multicast) {
          sent.add(multicast.message());
        }
      }
      return sent;
    }

    <T extends Action> List<T> actionsOf(Class<T> type) {
      List<T> found = new ArrayList<>();
      for (Action action : actions) {
        if (type.isInstance(action)) {
          found.add(type.cast(action));
        }
      }
      return found;
    }

    <T extends Message> List<T> sentOf(Class<T> type) {
      List<T> found = new ArrayList<>();
      for (Message message : sent()) {
        if (type.isInstance(message)) {
          found.add(type.cast(message));
        }
      }
      return found;
    }
  }
}
