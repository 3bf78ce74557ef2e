--liquibase formatted sql

--changeset stocksync:0001-propagator-stock
-- Current truth: the newest StockChanged seen per SKU. Every push (and every retry) reads the quantity from here,
-- never from the event that triggered it. Shared by all shops; upserts only move the version forward.
create table propagator_stock (
    sku          text        primary key,
    on_hand      bigint      not null,
    available    bigint      not null,
    backorders   boolean     not null,
    version      bigint      not null,
    event_id     text,
    occurred_at  timestamptz,
    updated_at   timestamptz not null
);

--changeset stocksync:0001-propagator-shop-sku
-- The version guard: per (shop, SKU) the newest version and the quantity last written to that shop. A write of an
-- older version is never sent; a write whose version and quantity are already there is not repeated.
create table propagator_shop_sku (
    shop_id           text        not null,
    sku               text        not null,
    written_version   bigint      not null,
    written_quantity  bigint      not null,
    product_id        bigint      not null,
    variation_id      bigint      not null,
    written_at        timestamptz not null,
    primary key (shop_id, sku)
);

--changeset stocksync:0001-propagator-write
-- Loop safety: every stock write the propagator made (shop, product/variation id, quantity, time). The product.updated
-- webhook WooCommerce fires for such a write carries the same id and stock_quantity, so a drift check or ingest can
-- tell our own writes from a shop admin's edit. Pruned after stocksync.push.write-log-retention.
create table propagator_write (
    id            bigserial   primary key,
    shop_id       text        not null,
    sku           text        not null,
    product_id    bigint      not null,
    variation_id  bigint      not null,
    quantity      bigint      not null,
    version       bigint      not null,
    written_at    timestamptz not null
);
create index propagator_write_by_item on propagator_write (shop_id, product_id, variation_id, written_at desc);
create index propagator_write_by_time on propagator_write (written_at);

--changeset stocksync:0001-propagator-dead-letter
-- Index of the per-shop DLTs: one row per (shop, SKU) whose push exhausted its retries or was rejected. Replay pushes
-- the SKU's current truth again and stamps replayed_at; a new failure reopens the row.
create table propagator_dead_letter (
    shop_id        text        not null,
    sku            text        not null,
    version        bigint,
    reason         text        not null,
    attempts       int         not null,
    entries        int         not null,
    dlt_topic      text        not null,
    dlt_partition  int         not null,
    dlt_offset     bigint      not null,
    failed_at      timestamptz not null,
    replayed_at    timestamptz,
    primary key (shop_id, sku)
);

--changeset stocksync:0001-propagator-shop-state
-- Operator switches per shop that must survive a restart (pause/resume).
create table propagator_shop_state (
    shop_id     text        primary key,
    paused      boolean     not null,
    changed_at  timestamptz not null
);
