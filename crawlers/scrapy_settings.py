"""Scrapy project settings: the polite defaults every mercredi spider runs with.

`crawlers.run` starts from this module and overrides what comes from the typed
`crawlers.config.CrawlerSettings` (delays, user agent, cache, landing folder, run id).
"""

BOT_NAME = "mercredi"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

USER_AGENT = "mercredi/0.1 (+https://github.com/new-is-always-better/mercredi)"
ROBOTSTXT_OBEY = True

# One site at a time, one request at a time, at least DOWNLOAD_DELAY seconds apart.
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.0  # no random shortening: the delay is a minimum
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
MERCREDI_RETRY_BACKOFF_S = 2.0

HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 86_400
HTTPCACHE_IGNORE_HTTP_CODES = [404, 408, 429, 500, 502, 503, 504, 522, 524]

DOWNLOADER_MIDDLEWARES = {
    # Just before RetryMiddleware (550) in process_request order.
    "crawlers.middlewares.RetryBackoffMiddleware": 540,
}
ITEM_PIPELINES = {
    "crawlers.pipelines.ParseValuesPipeline": 100,
    "crawlers.pipelines.ValidateRecordPipeline": 200,
    "crawlers.pipelines.LandingWriterPipeline": 900,
}

TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening port on the cron host
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
