-- wrk script: POSTs one signed WooCommerce webhook (the same body every time, as a plain load tool sends it).
-- bench/wrk/duplicates.sh sets the environment: WEBHOOK_BODY_FILE (the raw body), WEBHOOK_SIGNATURE
-- (base64 HMAC-SHA256 of it with the shop's webhook secret) and WEBHOOK_SOURCE (the shop's URL).
local file = assert(io.open(os.getenv("WEBHOOK_BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "WooCommerce/9.9.5 Hookshot (WordPress/6.8.8)"
wrk.headers["X-WC-Webhook-Source"] = os.getenv("WEBHOOK_SOURCE")
wrk.headers["X-WC-Webhook-Topic"] = "order.updated"
wrk.headers["X-WC-Webhook-Resource"] = "order"
wrk.headers["X-WC-Webhook-Event"] = "updated"
wrk.headers["X-WC-Webhook-ID"] = "6"
wrk.headers["X-WC-Webhook-Delivery-ID"] = "923a560023cbf599cd4ee40c08f39141"
wrk.headers["X-WC-Webhook-Signature"] = os.getenv("WEBHOOK_SIGNATURE")

-- non-2xx answers are counted by wrk itself ("Non-2xx or 3xx responses")
