package app

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/server"
)

// opsMetrics adds what an operator alerts on to /metrics: jobs waiting,
// running, retrying and given up, by kind; recordings by status; free space
// where uploads and files land; the database pools.
func opsMetrics(s *server.Server, d *Deps) {
	s.RegisterMetrics(&opsCollector{d: d})
	for name, pool := range d.DB.Pools() {
		s.RegisterMetrics(collectors.NewDBStatsCollector(pool, name))
	}
}

var (
	jobsDesc = prometheus.NewDesc("attune_jobs", "Video and other jobs by kind and state (available = waiting for a worker; discarded = given up).",
		[]string{"kind", "state"}, nil)
	recordingsDesc = prometheus.NewDesc("attune_recordings", "Recordings by status.", []string{"status"}, nil)
	freeDesc       = prometheus.NewDesc("attune_data_disk_free_bytes", "Free bytes on the disk holding the data folder (uploads, scratch, local files).", nil, nil)
	scrapeDesc     = prometheus.NewDesc("attune_ops_scrape_error", "1 when the last read of the counts above failed.", nil, nil)
)

type opsCollector struct{ d *Deps }

func (c *opsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- jobsDesc
	ch <- recordingsDesc
	ch <- freeDesc
	ch <- scrapeDesc
}

func (c *opsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	failed := 0.0
	ops, err := c.d.DB.OpsCounts(ctx)
	if err != nil {
		failed = 1
		c.d.Log.Warn("reading the counts for /metrics", "err", err)
	} else {
		for _, j := range ops.Jobs {
			ch <- prometheus.MustNewConstMetric(jobsDesc, prometheus.GaugeValue, float64(j.N), j.A, j.B)
		}
		for _, r := range ops.Recordings {
			ch <- prometheus.MustNewConstMetric(recordingsDesc, prometheus.GaugeValue, float64(r.N), r.A)
		}
	}
	if free, err := blob.FreeSpace(c.d.Cfg.Data); err == nil {
		ch <- prometheus.MustNewConstMetric(freeDesc, prometheus.GaugeValue, float64(free))
	}
	ch <- prometheus.MustNewConstMetric(scrapeDesc, prometheus.GaugeValue, failed)
}
