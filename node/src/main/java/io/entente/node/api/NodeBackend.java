package io.entente.node.api;

import io.entente.consensus.app.Application;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.InclusionProof;
import io.entente.core.chain.Transaction;
import io.entente.core.crypto.CryptoSuite;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTPS API needs from the node: the seam between {@code io.entente.node.api} and the
 * runtime (one event loop per channel, mempool, storage, sync).
 *
 * <p>Every method is called from HTTP threads, concurrently, and must not block on a channel's
 * event loop for long: the runtime answers from state it publishes (a snapshot, a concurrent map, a
 * bounded hand-off queue). Methods that take a channel name are only called with a name that {@link
 * #channels()} listed, but the channel may have stopped since: answer as for an unknown channel
 * ({@code Optional.empty()}).
 *
 * <p>The API validates everything it can before calling {@link #submit}: the body decodes
 * canonically, the transaction names the channel of the URL, the caller may submit to it. The
 * runtime still runs its own admission checks; their rejections come back as {@link
 * SubmitResult.Rejected} and change nothing.
 */
public interface NodeBackend {

  /** The consortium's crypto suite (transaction ids, node-signed requests). */
  CryptoSuite suite();

  /** The institution that runs this node. */
  String institution();

  /** The channels this node serves, sorted by name. */
  List<String> channels();

  /** The live status of a channel, or empty if the node does not serve it. */
  Optional<ChannelStatus> channelStatus(String channel);

  /**
   * The institutions that are members of {@code channel} at its current height, or empty if the
   * node does not serve it. A user of another institution may not read or write the channel.
   */
  Optional<SortedSet<String>> channelInstitutions(String channel);

  /**
   * The channel's member nodes as this node hears them, its recent round changes and the
   * equivocation evidence it keeps; empty if the node does not serve the channel, the channel is
   * stopped or too busy to answer in time.
   */
  Optional<ChannelHealth> channelHealth(String channel);

  /**
   * Offers transactions to the channel's mempool and returns one result per transaction, in order.
   * The list is admitted as a whole with respect to capacity: if the mempool cannot take every
   * transaction that would be new, it takes none and every such result is {@link
   * SubmitResult.MempoolFull} (never a silent drop). Idempotency is judged per transaction: within
   * (channel, submitting institution, idempotency key), the same payload returns the original
   * result as {@link SubmitResult.Duplicate} and a different payload gives {@link
   * SubmitResult.Conflict}. Mempool acceptance is not durable (DESIGN §2 Durability).
   *
   * @param transactions one to {@link ApiLimits#SUBMIT_TRANSACTIONS_MAX} transactions, each naming
   *     {@code channel}
   */
  List<SubmitResult> submit(String channel, List<Transaction> transactions);

  /**
   * Completes with the commit position of {@code txId} and its receipt once the block holding it is
   * committed (its write batch, receipts included, synced: the durable acknowledgement), at once if
   * it already is. The receipt may be rejected: the transaction committed but the application
   * refused it when the block executed. Completes exceptionally with {@link
   * java.util.concurrent.TimeoutException} at {@code deadline} if it has not committed by then; the
   * transaction may still commit later. The backend must complete every returned future, so no HTTP
   * request waits forever.
   */
  CompletableFuture<SubmitResult.Committed> awaitCommit(
      String channel, Hash txId, Instant deadline);

  /** The certified block at {@code height}, or empty if the channel has no such block (yet). */
  Optional<CertifiedBlock> block(String channel, long height);

  /**
   * The application events that executing block {@code height} emitted, in order, or empty if the
   * block is not committed and executed yet (execution may run one block behind consensus).
   */
  Optional<List<ApplicationEvent>> events(String channel, long height);

  /**
   * The channel's genesis (its first validator set; its hash is block 1's parent hash), or empty if
   * the node does not serve it. The dashboard embeds it so a browser can check seals itself.
   */
  Optional<Genesis> genesis(String channel);

  /** Proof that the committed transaction {@code txId} is in its block; empty if not committed. */
  Optional<InclusionProof> inclusionProof(String channel, Hash txId);

  /**
   * Registers {@code listener} for every block of {@code channel} committed (and executed) after
   * this call returns, in height order. The runtime calls {@link CommitListener#offer} from its own
   * thread and must never block on it: {@code offer} returns false when the listener's bounded
   * buffer is full, and the runtime then drops the registration (the API disconnects that slow
   * client with a message). A block is offered only once {@link #block} and {@link #events} return
   * it: the API reads blocks from there and uses offers to wake up, so blocks committed before the
   * call and any gap are filled from storage.
   *
   * @return a handle whose {@code close} removes the registration (idempotent); empty if the node
   *     does not serve {@code channel}
   */
  Optional<Registration> subscribe(String channel, CommitListener listener);

  /**
   * Answers a read request of the channel's application against its state after the last executed
   * block, on the channel's own thread (so the answer is one consistent state). The API has checked
   * that the caller's institution is a member of the channel; the application checks the rest (an
   * institution sees only its own agreements). Empty if the node does not serve the channel or it
   * has stopped. When the channel cannot take the request in time (its queue is full or it is busy
   * past {@code RuntimeLimits}), the answer is a rejection with reason {@value #QUERY_BUSY}.
   */
  Optional<Application.QueryResult> query(String channel, Application.Caller caller, Bytes request);

  /** The reason of a query the channel could not answer in time; nothing is wrong with it. */
  String QUERY_BUSY = "channel-busy";

  /** Whether the node can serve traffic now, and why not. */
  Readiness readiness();

  /**
   * The key and certificate the node signs user requests with (DESIGN §1: the institution's client
   * key), or empty if this node is not configured to sign for users.
   */
  Optional<RequestSigner> requestSigner();

  /** Receives committed blocks; see {@link NodeBackend#subscribe}. */
  interface CommitListener {
    /**
     * Hands over a committed block with its events; returns at once. False means the listener's
     * buffer is full: the listener has given up and wants no more offers.
     */
    boolean offer(CommittedBlock committed);
  }

  /** A live registration; closing it stops the offers. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
