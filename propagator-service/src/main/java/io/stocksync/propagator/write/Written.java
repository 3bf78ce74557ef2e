package io.stocksync.propagator.write;

/**
 * What was last written to one shop for one SKU (the version guard).
 *
 * @param version the truth version that was written
 * @param quantity the quantity that was written
 * @param writtenAt when the shop confirmed it
 */
public record Written(long version, long quantity, java.time.Instant writtenAt) {

}
