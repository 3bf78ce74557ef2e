package io.stocksync.propagator.deadletter;

import java.time.Instant;

/**
 * One SKU of one shop in that shop's DLT.
 *
 * @param shopId the shop
 * @param sku the SKU
 * @param version the version of the event that ended in the DLT (replay pushes the
 * current truth, not this)
 * @param reason why the last attempt failed
 * @param attempts deliveries made before giving up
 * @param entries how many DLT records this SKU has had
 * @param dltTopic the DLT topic
 * @param dltPartition its partition
 * @param dltOffset offset of the newest DLT record of this SKU
 * @param failedAt when it reached the DLT
 * @param replayedAt when a replay last wrote it, {@code null} while open
 */
public record DeadLetter(String shopId, String sku, Long version, String reason, int attempts, int entries,
		String dltTopic, int dltPartition, long dltOffset, Instant failedAt, Instant replayedAt) {

}
