package io.stocksync.console.system;

/**
 * The three services the console talks to.
 *
 * @param ingest ingest-service (webhooks, order poll, quarantine)
 * @param ledger ledger-service (the pool, adjustments, rebuild)
 * @param propagator propagator-service (shops, pushes, DLT, mappings, drift check)
 */
public record Services(AdminApi ingest, AdminApi ledger, AdminApi propagator) {

}
