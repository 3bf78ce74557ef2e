-- The reports' queries over 100,000 SKUs and 90 days of sales, on the ledger's own tables and indexes
-- (ledger-service/src/main/resources/db/changelog/changes/0014-kits-rules-reports.sql).
-- Run: createdb report_bench && psql -d report_bench -f bench/reports/report-bench.sql
\timing off
set client_min_messages = warning;
drop table if exists sale_day, stock, stock_planning;
create table stock (sku text primary key, on_hand bigint not null default 0, backorders boolean not null default false,
    version bigint not null default 0, updated_at timestamptz not null);
create table sale_day (day date not null, sku text not null, shop_id text not null, units bigint not null,
    consumed bigint not null, primary key (day, sku, shop_id));
create table stock_planning (sku text primary key, lead_time_days integer not null, safety_stock bigint not null,
    updated_at timestamptz not null);
-- 100,000 SKUs; every SKU sells on one of 3 shops on one day in three: 3,000,000 rows over 90 days
insert into stock select 'SKU-' || lpad(i::text, 6, '0'), (i % 200), false, 1, now() from generate_series(1, 100000) i;
insert into sale_day
select current_date - d, 'SKU-' || lpad(i::text, 6, '0'), 'shop' || (1 + (i / 3 + d) % 3), 1 + (i * d) % 4, 1 + (i * d) % 4
  from generate_series(0, 89) d, generate_series(1, 100000) i
 where (i + d) % 3 = 0;
insert into stock_planning select sku, 14, 5, now() from stock where random() < 0.2;
vacuum analyze;
select count(*) as sale_day_rows from sale_day;
\timing on
-- sales, 90 days, all shops (ReportRepository.sales)
select count(*), sum(units) from (select sku, shop_id, sum(units) as units from sale_day
  where day between current_date - 89 and current_date group by sku, shop_id having sum(units) <> 0) x;
-- sales, 7 days, one shop
select count(*) from (select sku, shop_id, sum(units) as units from sale_day
  where day between current_date - 6 and current_date and shop_id = 'shop2' group by sku, shop_id having sum(units) <> 0) x;
-- reorder / low stock, 90 days (ReportRepository.demand)
select count(*), sum(consumed), sum(lead_time_days) from (select s.sku, s.on_hand, p.lead_time_days, p.safety_stock, coalesce(d.consumed, 0) as consumed
  from stock s left join stock_planning p on p.sku = s.sku
  left join (select sku, sum(consumed) as consumed from sale_day where day between current_date - 89 and current_date
             group by sku) d on d.sku = s.sku order by s.sku) x;
