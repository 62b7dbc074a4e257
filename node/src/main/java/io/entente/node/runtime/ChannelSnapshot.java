package io.entente.node.runtime;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A channel's state as its thread last published it, for status, health and metrics.
 *
 * @param height the last final height here
 * @param lastBlockTimeMs the timestamp of that block, if any
 * @param round the round being decided at the next height
 * @param voting whether this node votes (a validator of the next height, caught up)
 * @param validators validators of the next height
 * @param mempoolTransactions transactions waiting here
 * @param mempoolBytes their encoded bytes
 * @param evidence equivocation evidence kept
 * @param highestKnownHeight the highest height this node knows to be final somewhere (its own, or
 *     one a member announced or voted above)
 * @param stopped why the channel stopped (halt on a state difference, or a failure), if it did
 */
public record ChannelSnapshot(
    String channel,
    long height,
    OptionalLong lastBlockTimeMs,
    int round,
    boolean voting,
    int validators,
    int mempoolTransactions,
    long mempoolBytes,
    int evidence,
    long highestKnownHeight,
    Optional<String> stopped) {}
