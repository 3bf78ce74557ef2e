--liquibase formatted sql

--changeset stocksync:0015-audit-index-for-rare-causes
-- The audit trail's index on (cause_type, cause_ref) served no query: the activity feed pages by id, and its shop
-- filter (starts_with on cause_ref) cannot use it. Every order line paid for it: one of the three index entries each
-- audit row writes, the widest. What the feed does need is a way to the rare causes (adjustments, backorders, rules)
-- among millions of order rows without walking them all: a partial index that order rows never enter.
drop index if exists stock_movement_cause;
create index stock_movement_not_order on stock_movement (cause_type, id) where cause_type <> 'order';
