--liquibase formatted sql

--changeset stocksync:0014-shop-sku-rule
-- Per-SKU overrides of a shop's rules (null: the shop's own value). The newest request per (shop, SKU) wins.
create table shop_sku_rule (
    shop_id     text        not null,
    sku         text        not null,
    share       integer,
    buffer      integer,
    cap         integer,
    hide_below  integer,
    sync        boolean,
    updated_at  timestamptz not null,
    primary key (shop_id, sku)
);
create index shop_sku_rule_sku on shop_sku_rule (sku);

--changeset stocksync:0014-kit
-- Kits: no stock of their own. available = min over components of floor(component on_hand / quantity), kept here
-- with its own version so that every change of it is published like a stock change. A removed kit keeps its row
-- (no components, available 0) so that its version never goes back.
create table kit (
    sku         text        primary key,
    active      boolean     not null,
    available   bigint      not null,
    version     bigint      not null,
    reason      text,
    updated_at  timestamptz not null
);
create table kit_component (
    kit_sku        text   not null references kit (sku),
    component_sku  text   not null,
    quantity       bigint not null check (quantity > 0),
    primary key (kit_sku, component_sku)
);
create index kit_component_component on kit_component (component_sku);
create table applied_kit_definition (
    idempotency_key  text        primary key,
    sku              text        not null,
    applied_at       timestamptz not null
);

--changeset stocksync:0014-kit-line
-- The kit definition an order line was first committed with; the line keeps it for good.
create table kit_line (
    shop_id       text        not null,
    order_id      bigint      not null,
    line_item_id  bigint      not null,
    kit_sku       text        not null,
    components    jsonb       not null,
    created_at    timestamptz not null,
    primary key (shop_id, order_id, line_item_id)
);

--changeset stocksync:0014-sale-day
-- Per day, SKU and shop: units sold (the order lines' committed quantities, kits under the kit's SKU) and units
-- consumed from the pool by orders (kits under their components), both net of cancellations and restocked refunds.
-- Day = the order's date_modified_gmt (so a rebuild dates them alike). The primary key serves the period scans.
create table sale_day (
    day       date   not null,
    sku       text   not null,
    shop_id   text   not null,
    units     bigint not null,
    consumed  bigint not null,
    primary key (day, sku, shop_id)
);

--changeset stocksync:0014-stock-planning
-- Reorder planning per SKU.
create table stock_planning (
    sku              text        primary key,
    lead_time_days   integer     not null check (lead_time_days >= 0),
    safety_stock     bigint      not null check (safety_stock >= 0),
    updated_at       timestamptz not null
);

--changeset stocksync:0014-sale-recent
-- The last 7, 30 and 90 days of sale_day per SKU and shop, kept up to date incrementally so that a report reads one
-- row per SKU and shop instead of summing up to 90 day rows each: a sale adds to every window it falls in (as of
-- sale_recent_state.as_of); moving as_of forward subtracts the days that leave each window. Writers hold a share
-- lock on the state row, the move an exclusive one, so no sale is counted against the wrong boundary.
create table sale_recent (
    sku          text   not null,
    shop_id      text   not null,
    units_7      bigint not null,
    units_30     bigint not null,
    units_90     bigint not null,
    consumed_7   bigint not null,
    consumed_30  bigint not null,
    consumed_90  bigint not null,
    primary key (sku, shop_id)
);
create table sale_recent_state (
    id     integer primary key check (id = 1),
    as_of  date    not null
);
