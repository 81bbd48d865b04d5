package config

import (
	"flag"
	"fmt"
	"time"
)

func (c *Config) registerJobs(fs *flag.FlagSet) {
	fs.DurationVar(&c.JobStall, "job-stall", c.envDuration("JOB_STALL", 90*time.Second),
		"a job whose process stopped answering this long is handed to another worker (ATTUNE_JOB_STALL)")
}

// envDuration reads a duration ("90s", "2m") from ATTUNE_<name>; a value
// that isn't one is reported by Finish.
func (c *Config) envDuration(name string, def time.Duration) time.Duration {
	v := env(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		c.envErrs = append(c.envErrs, fmt.Sprintf("ATTUNE_%s=%q is not a duration such as 90s or 2m", name, v))
		return def
	}
	return d
}
