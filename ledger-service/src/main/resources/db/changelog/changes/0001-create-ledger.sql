--liquibase formatted sql

--changeset stocksync:0001-stock
-- The pool: one row per SKU. on_hand is never clamped; negative means oversold.
create table stock (
    sku         text        primary key,
    on_hand     bigint      not null default 0,
    backorders  boolean     not null default false,
    version     bigint      not null default 0,
    updated_at  timestamptz not null
);

--changeset stocksync:0001-order-state
-- Per order: the newest date_modified_gmt applied, so an older delivery never undoes a newer state.
create table order_state (
    shop_id            text        not null,
    order_id           bigint      not null,
    status             text,
    last_modified_gmt  timestamptz,
    deleted            boolean     not null default false,
    updated_at         timestamptz not null,
    primary key (shop_id, order_id)
);

--changeset stocksync:0001-order-line
-- Per order line: the quantity committed against the pool. The ledger's idempotency rests on it.
create table order_line (
    shop_id       text        not null,
    order_id      bigint      not null,
    line_item_id  bigint      not null,
    sku           text        not null,
    committed     bigint      not null,
    updated_at    timestamptz not null,
    primary key (shop_id, order_id, line_item_id)
);

--changeset stocksync:0001-applied-adjustment
-- Operator adjustments applied, by the caller's idempotency key.
create table applied_adjustment (
    idempotency_key  text        primary key,
    sku              text        not null,
    type             text        not null,
    quantity         bigint      not null,
    reason           text,
    delta            bigint      not null,
    applied_at       timestamptz not null
);

--changeset stocksync:0001-stock-movement
-- The audit trail: every change of on_hand with its cause.
create table stock_movement (
    id             bigserial   primary key,
    sku            text        not null,
    delta          bigint      not null,
    on_hand_after  bigint      not null,
    version        bigint      not null,
    cause_type     text        not null,
    cause_ref      text        not null,
    occurred_at    timestamptz not null
);
create index stock_movement_sku on stock_movement (sku, id);

--changeset stocksync:0001-outbox-event
-- Events committed with the change they describe; the relay publishes and deletes them.
create table outbox_event (
    id              bigserial   primary key,
    aggregate_type  text        not null,
    aggregate_id    text        not null,
    type            text        not null,
    payload         jsonb       not null,
    occurred_at     timestamptz not null
);
