-- The reports' queries over 100,000 SKUs and 90 days of sales, on the ledger's own tables and indexes
-- (ledger-service/src/main/resources/db/changelog/changes/0014-kits-rules-reports.sql).
-- Run: createdb report_bench && psql -d report_bench -f bench/reports/report-bench.sql
\timing off
set client_min_messages = warning;
drop table if exists sale_day, sale_recent, stock, stock_planning;
create table stock (sku text primary key, on_hand bigint not null default 0, backorders boolean not null default false,
    version bigint not null default 0, updated_at timestamptz not null);
create table sale_day (day date not null, sku text not null, shop_id text not null, units bigint not null,
    consumed bigint not null, primary key (day, sku, shop_id));
create table sale_recent (sku text not null, shop_id text not null, units_7 bigint not null, units_30 bigint not null,
    units_90 bigint not null, consumed_7 bigint not null, consumed_30 bigint not null, consumed_90 bigint not null,
    primary key (sku, shop_id));
create table stock_planning (sku text primary key, lead_time_days integer not null, safety_stock bigint not null,
    updated_at timestamptz not null);
-- 100,000 SKUs; every SKU sells on one day in three, on one of 3 shops: 3,000,000 day rows over 90 days
insert into stock select 'SKU-' || lpad(i::text, 6, '0'), (i % 200), false, 1, now() from generate_series(1, 100000) i;
insert into sale_day
select current_date - d, 'SKU-' || lpad(i::text, 6, '0'), 'shop' || (1 + (i / 3 + d) % 3), 1 + (i * d) % 4, 1 + (i * d) % 4
  from generate_series(0, 89) d, generate_series(1, 100000) i
 where (i + d) % 3 = 0;
-- the window sums the ledger keeps as sales arrive (SalesBook), as of today
insert into sale_recent
select sku, shop_id,
       sum(units) filter (where day > current_date - 7), sum(units) filter (where day > current_date - 30), sum(units),
       sum(consumed) filter (where day > current_date - 7), sum(consumed) filter (where day > current_date - 30), sum(consumed)
  from sale_day group by sku, shop_id;
update sale_recent set units_7 = coalesce(units_7, 0), consumed_7 = coalesce(consumed_7, 0),
    units_30 = coalesce(units_30, 0), consumed_30 = coalesce(consumed_30, 0);
insert into stock_planning select sku, 14, 5, now() from stock where random() < 0.2;
vacuum analyze;
select (select count(*) from sale_day) as sale_day_rows, (select count(*) from sale_recent) as sale_recent_rows;
\timing on
-- sales, 90 days, all shops (ReportRepository.sales)
select count(*), sum(units) from (select sku, shop_id, units_90 as units from sale_recent where units_90 <> 0) x;
-- sales, 7 days, one shop
select count(*), sum(units) from (select sku, shop_id, units_7 as units from sale_recent
  where units_7 <> 0 and shop_id = 'shop2') x;
-- reorder / low stock, 90 days (ReportRepository.demand)
select count(*), sum(consumed), sum(lead_time_days) from (select s.sku, s.on_hand, p.lead_time_days, p.safety_stock,
       coalesce(d.consumed, 0) as consumed
  from stock s left join stock_planning p on p.sku = s.sku
  left join (select sku, sum(consumed_90) as consumed from sale_recent group by sku) d on d.sku = s.sku
 order by s.sku) x;
-- for comparison: the 90-day sales straight from the day rows
select count(*), sum(units) from (select sku, shop_id, sum(units) as units from sale_day
  where day > current_date - 90 group by sku, shop_id having sum(units) <> 0) x;
-- the daily move of the windows (SalesBook.roll), one day forward, in a transaction rolled back
begin;
update sale_recent r set units_7 = r.units_7 - d.units, consumed_7 = r.consumed_7 - d.consumed
  from (select sku, shop_id, sum(units) as units, sum(consumed) as consumed from sale_day
         where day > current_date - 7 and day <= current_date - 6 group by sku, shop_id) d
 where r.sku = d.sku and r.shop_id = d.shop_id;
update sale_recent r set units_30 = r.units_30 - d.units, consumed_30 = r.consumed_30 - d.consumed
  from (select sku, shop_id, sum(units) as units, sum(consumed) as consumed from sale_day
         where day > current_date - 30 and day <= current_date - 29 group by sku, shop_id) d
 where r.sku = d.sku and r.shop_id = d.shop_id;
update sale_recent r set units_90 = r.units_90 - d.units, consumed_90 = r.consumed_90 - d.consumed
  from (select sku, shop_id, sum(units) as units, sum(consumed) as consumed from sale_day
         where day > current_date - 90 and day <= current_date - 89 group by sku, shop_id) d
 where r.sku = d.sku and r.shop_id = d.shop_id;
rollback;
