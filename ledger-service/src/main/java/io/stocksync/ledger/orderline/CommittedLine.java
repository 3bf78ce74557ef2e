package io.stocksync.ledger.orderline;

/**
 * What the ledger has committed against the pool for one order line.
 *
 * @param lineItemId the shop's line item id
 * @param sku the SKU the quantity was taken from
 * @param committed the quantity taken
 */
record CommittedLine(long lineItemId, String sku, long committed) {

}
